import type { RevocationList, SessionStore, StoredSession } from '@/lib/store/session-store';
import type { StoreStatus } from '@/lib/store/store-status';
import type { PgConnection, SqlRunner } from './pg-connection';

/**
 * The PostgreSQL engine of {@link SessionStore}. A revocation and its version bump commit in
 * one transaction (the version row's lock orders revocations of every instance), and
 * `revoked()` reads the list and the version in one REPEATABLE READ snapshot.
 */
export class PgSessionStore implements SessionStore {
  readonly #db: PgConnection;
  readonly #status: StoreStatus;

  constructor(db: PgConnection, status: StoreStatus) {
    this.#db = db;
    this.#status = status;
  }

  async create(session: StoredSession): Promise<void> {
    await this.#status.write('the session was not stored', () =>
      this.#db.query(
        'INSERT INTO sessions (id, name, created_at, expires_at) VALUES ($1, $2, $3, $4)',
        [session.id, session.name, session.createdAt, session.expiresAt],
      ),
    );
  }

  async revoke(id: string, atMs = Date.now()): Promise<boolean> {
    const changes = await this.#revoking('the logout was not stored', (tx) =>
      tx.query(
        `UPDATE sessions SET revoked_at = $2
         WHERE id = $1 AND revoked_at IS NULL AND expires_at > $2`,
        [id, atMs],
      ),
    );
    return changes > 0;
  }

  revokeAll(atMs = Date.now()): Promise<number> {
    return this.#revoking('the sessions were not ended', (tx) =>
      tx.query('UPDATE sessions SET revoked_at = $1 WHERE revoked_at IS NULL AND expires_at > $1', [
        atMs,
      ]),
    );
  }

  async revocationVersion(): Promise<number> {
    const { rows } = await this.#db.query<{ version: number }>(
      'SELECT version FROM session_revocation_version WHERE id = 1',
    );
    return rows[0]?.version ?? 0;
  }

  revoked(nowMs = Date.now()): Promise<RevocationList> {
    return this.#db.transaction('snapshot', async (tx) => {
      const version = await tx.query<{ version: number }>(
        'SELECT version FROM session_revocation_version WHERE id = 1',
      );
      const sessions = await tx.query<{ id: string; expiresAt: number }>(
        `SELECT id, expires_at AS "expiresAt" FROM sessions
         WHERE revoked_at IS NOT NULL AND expires_at > $1`,
        [nowMs],
      );
      return { version: version.rows[0]?.version ?? 0, sessions: sessions.rows };
    });
  }

  async deleteExpired(nowMs: number, limit: number): Promise<number> {
    const { rowCount } = await this.#status.write('expired sessions were not deleted', () =>
      this.#db.query(
        `DELETE FROM sessions WHERE id IN
           (SELECT id FROM sessions WHERE expires_at < $1 LIMIT $2)`,
        [nowMs, limit],
      ),
    );
    return rowCount;
  }

  #revoking(notStored: string, revoke: (tx: SqlRunner) => Promise<{ rowCount: number }>) {
    return this.#status.write(notStored, () =>
      this.#db.transaction('write', async (tx) => {
        const { rowCount } = await revoke(tx);
        if (rowCount > 0) {
          await tx.query(
            `INSERT INTO session_revocation_version (id, version) VALUES (1, 1)
             ON CONFLICT (id) DO UPDATE SET version = session_revocation_version.version + 1`,
          );
        }
        return rowCount;
      }),
    );
  }
}
