import { errorFields, log } from '@/lib/logger';
import type { SessionStore } from '@/lib/store/session-store';

export type SessionRevocationsOptions = {
  /** The poll period, in milliseconds: the bound on how stale the cache may be (SESSION_REVOCATION_MAX_LAG_MS). */
  maxLagMs: number;
  /** Called once per session this cache learns was revoked elsewhere (to end its connections). */
  onRevoked?: (id: string) => void;
};

/**
 * The revoked sessions, in memory, so that the check on every request is one Map lookup. Filled
 * from the store at start, then kept fresh by a poll every `maxLagMs`: one read of the
 * revocation version, and the list only when the version moved. A logout made here is added at
 * once (`add`); one made by another process or instance is seen within `maxLagMs` (plus the
 * time of one small read). Revocations cannot be undone, so entries leave only when their
 * session expires (its cookie is refused by its `exp` from then on anyway).
 */
export class SessionRevocations {
  readonly #store: SessionStore;
  readonly #options: SessionRevocationsOptions;
  /** Revoked session id → its expiry, in Unix milliseconds. */
  readonly #revoked = new Map<string, number>();
  #version: number | undefined;
  #nextExpiry = Number.POSITIVE_INFINITY;
  #timer: NodeJS.Timeout | undefined;
  #refreshing: Promise<void> | undefined;
  #failing = false;

  constructor(store: SessionStore, options: SessionRevocationsOptions) {
    this.#store = store;
    this.#options = options;
  }

  /** Whether session `id` was revoked (as far as the last refresh and local logouts know). */
  has(id: string): boolean {
    return this.#revoked.has(id);
  }

  /** Revoked sessions held (unexpired as of the last prune). */
  get size(): number {
    return this.#revoked.size;
  }

  /** Records a revocation made by this process (before the store has it). */
  add(id: string, expiresAt: number): void {
    this.#revoked.set(id, expiresAt);
    this.#nextExpiry = Math.min(this.#nextExpiry, expiresAt);
  }

  /**
   * Reads the store: the version, and the list when the version moved; reports every id seen
   * for the first time to `onRevoked`. One refresh at a time: a call during another waits for
   * it. Failures are logged (once until a refresh works again) and leave the cache as it was.
   */
  refresh(now = Date.now()): Promise<void> {
    this.#refreshing ??= this.#read(now).finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  /** Polls every `maxLagMs` (a background task: started once the server listens). */
  start(): void {
    this.#timer ??= setInterval(() => void this.refresh(), this.#options.maxLagMs);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #read(now: number): Promise<void> {
    try {
      const version = await this.#store.revocationVersion();
      if (version !== this.#version) {
        const list = await this.#store.revoked(now);
        for (const { id, expiresAt } of list.sessions) {
          const known = this.#revoked.has(id);
          this.add(id, expiresAt);
          if (!known) this.#options.onRevoked?.(id);
        }
        this.#version = list.version;
      }
      if (this.#failing) log.info('session revocations readable again');
      this.#failing = false;
    } catch (error) {
      if (!this.#failing) log.warn('session revocations not read', errorFields(error));
      this.#failing = true;
    }
    this.#prune(now);
  }

  #prune(now: number): void {
    if (now < this.#nextExpiry) return;
    this.#nextExpiry = Number.POSITIVE_INFINITY;
    for (const [id, expiresAt] of this.#revoked) {
      if (expiresAt <= now) this.#revoked.delete(id);
      else this.#nextExpiry = Math.min(this.#nextExpiry, expiresAt);
    }
  }
}
