import type { RevocationList, SessionStore, StoredSession } from '@/lib/store/session-store';

type MemorySession = StoredSession & { revokedAt: number | null };

/** The session rows of one in-memory database, shared by every handle on it. */
export class MemorySessionRows {
  readonly rows = new Map<string, MemorySession>();
  version = 0;
}

/**
 * {@link SessionStore} in memory (the double of lib/testing/memory-stores.ts); every call takes
 * effect when it is made. Passes the store contract suite.
 */
export class MemorySessionStore implements SessionStore {
  readonly #db: MemorySessionRows;

  constructor(db: MemorySessionRows = new MemorySessionRows()) {
    this.#db = db;
  }

  async create(session: StoredSession): Promise<void> {
    if (this.#db.rows.has(session.id)) throw new Error(`session ${session.id} exists`);
    this.#db.rows.set(session.id, { ...session, revokedAt: null });
  }

  async revoke(id: string, atMs = Date.now()): Promise<boolean> {
    const row = this.#db.rows.get(id);
    if (!row || !isLive(row, atMs)) return false;
    row.revokedAt = atMs;
    this.#db.version++;
    return true;
  }

  async revokeAll(atMs = Date.now()): Promise<number> {
    let revoked = 0;
    for (const row of this.#db.rows.values()) {
      if (!isLive(row, atMs)) continue;
      row.revokedAt = atMs;
      revoked++;
    }
    if (revoked > 0) this.#db.version++;
    return revoked;
  }

  async revocationVersion(): Promise<number> {
    return this.#db.version;
  }

  async revoked(nowMs = Date.now()): Promise<RevocationList> {
    const sessions = [...this.#db.rows.values()]
      .filter((row) => row.revokedAt !== null && row.expiresAt > nowMs)
      .map(({ id, expiresAt }) => ({ id, expiresAt }));
    return { version: this.#db.version, sessions };
  }

  async deleteExpired(nowMs: number, limit: number): Promise<number> {
    let deleted = 0;
    for (const [id, row] of this.#db.rows) {
      if (deleted >= limit) break;
      if (row.expiresAt < nowMs) {
        this.#db.rows.delete(id);
        deleted++;
      }
    }
    return deleted;
  }
}

function isLive(row: MemorySession, atMs: number): boolean {
  return row.revokedAt === null && row.expiresAt > atMs;
}
