import type { RouteSession } from '@/lib/http/route';
import { errorFields, log } from '@/lib/logger';
import { SessionEndReason } from '@/lib/protocol';
import type { SessionStore } from '@/lib/store/session-store';
import type { AuthConfig } from './auth-config';
import { SessionConnections } from './session-connections';
import { newSessionId, type Session, signSession, verifySession } from './session-cookie';
import { SessionRevocations } from './session-revocations';

/** Expired sessions deleted from the store per login, at most (a login is rate limited). */
export const EXPIRED_SESSIONS_DELETED_PER_LOGIN_MAX = 100;

export type LoginSessionsOptions = {
  /** SESSION_REVOCATION_MAX_LAG_MS: the bound on noticing another process's revocation. */
  maxLagMs: number;
};

/**
 * Login sessions with server-side revocation. A login stores a session (a random id, inside
 * the signed cookie); logout revokes it in the store, refuses it here at once and ends its
 * open streams and sockets; a revocation made elsewhere (another process, another instance)
 * is learnt by the poll of {@link SessionRevocations} and ends the connections the same way.
 * The check on every request stays in memory: the signature, then one Map lookup.
 */
export class LoginSessions {
  readonly #store: SessionStore;
  readonly #config: Pick<AuthConfig, 'secret' | 'sessionTtlS'>;
  readonly revocations: SessionRevocations;
  readonly connections = new SessionConnections();

  constructor(
    store: SessionStore,
    config: Pick<AuthConfig, 'secret' | 'sessionTtlS'>,
    options: LoginSessionsOptions,
  ) {
    this.#store = store;
    this.#config = config;
    this.revocations = new SessionRevocations(store, {
      maxLagMs: options.maxLagMs,
      onRevoked: (id) => this.connections.end(id, SessionEndReason.Revoked),
    });
  }

  /** Loads the revocations from the store (reads only), then polls them. Call before serving. */
  async start(): Promise<void> {
    await this.revocations.refresh();
    this.revocations.start();
  }

  stop(): void {
    this.revocations.stop();
  }

  /**
   * Starts a session for `name`: stores it (so it can be revoked), then returns the cookie
   * value. A store failure refuses the login (the AppError of the store: 503, 507).
   */
  async issue(name: string, now = Date.now()): Promise<{ value: string; session: Session }> {
    const session: Session = {
      id: newSessionId(),
      name,
      exp: now + this.#config.sessionTtlS * 1000,
    };
    await this.#store.create({ id: session.id, name, createdAt: now, expiresAt: session.exp });
    // Housekeeping, a few rows at a time: a failure here must not fail the login.
    await this.#store
      .deleteExpired(now, EXPIRED_SESSIONS_DELETED_PER_LOGIN_MAX)
      .catch((error: unknown) => log.warn('expired sessions not deleted', errorFields(error)));
    return { value: signSession(session, this.#config.secret), session };
  }

  /** The session as the gate hands it on, or null when it was revoked. */
  active(session: Session): RouteSession | null {
    if (this.revocations.has(session.id)) return null;
    return new WatchedSession(session, this);
  }

  /**
   * Calls `onEnd` once when the session ends (expiry or revocation); a session revoked
   * between its check and this call ends at once (on a timer, never inside this call).
   */
  watch(session: Session, onEnd: (reason: string) => void): () => void {
    const revoked = this.revocations.has(session.id);
    return this.connections.watch(session.id, revoked ? 0 : session.exp, (reason) =>
      onEnd(revoked ? SessionEndReason.Revoked : reason),
    );
  }

  /**
   * Logout: revokes the session of cookie `value` (signature checked, revoked or not): refused
   * here at once and its connections ended, then stored for every other process. Resolves
   * false when the cookie names no session (nothing to do). Rejects with the store's AppError
   * when the revocation could not be stored (this process refuses the session all the same).
   */
  async end(value: string, now = Date.now()): Promise<boolean> {
    const session = verifySession(value, this.#config.secret, now);
    if (!session) return false;
    this.revocations.add(session.id, session.exp);
    this.connections.end(session.id, SessionEndReason.Revoked);
    await this.#store.revoke(session.id, now);
    return true;
  }
}

/** A checked session, with the means to learn when it ends (RouteSession). */
class WatchedSession implements RouteSession {
  readonly name: string;
  readonly exp: number;
  readonly #session: Session;
  readonly #owner: LoginSessions;

  constructor(session: Session, owner: LoginSessions) {
    this.name = session.name;
    this.exp = session.exp;
    this.#session = session;
    this.#owner = owner;
  }

  watch(onEnd: (reason: string) => void): () => void {
    return this.#owner.watch(this.#session, onEnd);
  }
}
