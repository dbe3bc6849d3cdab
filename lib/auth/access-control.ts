import type { IncomingMessage } from 'node:http';
import type { Env } from '@/lib/env';
import type { AccessGate, RouteAuth, RouteSession } from '@/lib/http/route';
import type { SessionStore } from '@/lib/store/session-store';
import { type AuthConfig, createAuthConfig } from './auth-config';
import { fallbackAuthOf, loginRedirect } from './auth-gate';
import { LoginSessions } from './login-sessions';
import { sessionFromCookie } from './request-session';

/**
 * Access control (on when AUTH_PASSWORD or AUTH_USERS is set), as the request router's gate:
 * finds a request's session, says how the paths no route serves are gated, and where a page
 * without a session is sent. Its endpoints are `authRoutes` (auth-routes.ts). See
 * docs/security.md.
 */
export class AccessControl implements AccessGate {
  readonly config: AuthConfig;
  /** The stored sessions: login, logout, revocation, the connections of each session. */
  readonly sessions: LoginSessions;
  readonly #ingestToken: string | undefined;

  constructor(config: AuthConfig, ingestToken: string | undefined, sessions: LoginSessions) {
    this.config = config;
    this.sessions = sessions;
    this.#ingestToken = ingestToken;
  }

  /** The valid session of the request's cookie, or undefined. */
  authenticate(req: IncomingMessage): RouteSession | undefined {
    return this.sessionOf(req.headers.cookie) ?? undefined;
  }

  /**
   * The valid session of a `Cookie` header, or null (the pages ask this too): signed with the
   * current key, unexpired, a user that still exists, and not revoked.
   */
  sessionOf(cookieHeader: string | null | undefined): RouteSession | null {
    const session = sessionFromCookie(this.config, cookieHeader);
    return session ? this.sessions.active(session) : null;
  }

  fallbackAuth(path: string): RouteAuth {
    return fallbackAuthOf(path, this.#ingestToken);
  }

  loginUrl(url: string | undefined): string {
    return loginRedirect(url);
  }
}

/**
 * The access control of this env, its sessions kept in `store`, or undefined when it is off.
 * Call `sessions.start()` before serving (it loads the revocations).
 */
export function createAccessControl(env: Env, store: SessionStore): AccessControl | undefined {
  const config = createAuthConfig(env);
  if (!config) return undefined;
  const sessions = new LoginSessions(store, config, {
    maxLagMs: env.SESSION_REVOCATION_MAX_LAG_MS,
  });
  return new AccessControl(config, env.INGEST_TOKEN, sessions);
}
