import type { RevocationList, SessionStore, StoredSession } from '@/lib/store/session-store';
import { StoreStatus } from '@/lib/store/store-status';
import type { Db } from './open-database';
import { prepareSessionQueries } from './session-queries';
import { sqliteFailureOf } from './sqlite-errors';

/**
 * The SQLite engine of {@link SessionStore}. A revocation and its version bump commit in one
 * IMMEDIATE transaction, and `revoked()` reads the list and the version in one read
 * transaction, so a reader never holds a version newer than its list.
 */
export class SqliteSessionStore implements SessionStore {
  readonly #q: ReturnType<typeof prepareSessionQueries>;
  readonly #db: Db;
  readonly #status: StoreStatus;

  /** `status` is shared with the other stores of the file: whether writes work (`/api/health`). */
  constructor(db: Db, status: StoreStatus = new StoreStatus(sqliteFailureOf)) {
    this.#db = db;
    this.#status = status;
    this.#q = prepareSessionQueries(db);
  }

  async create(session: StoredSession): Promise<void> {
    await this.#status.write('the session was not stored', async () => {
      this.#q.insert.run(session);
    });
  }

  async revoke(id: string, atMs = Date.now()): Promise<boolean> {
    return this.#revoking(
      'the logout was not stored',
      () => this.#q.revokeOne.run({ id, at: atMs }).changes,
    ).then((changes) => changes > 0);
  }

  async revokeAll(atMs = Date.now()): Promise<number> {
    return this.#revoking(
      'the sessions were not ended',
      () => this.#q.revokeLive.run({ at: atMs }).changes,
    );
  }

  async revocationVersion(): Promise<number> {
    return this.#q.version.get()?.version ?? 0;
  }

  async revoked(nowMs = Date.now()): Promise<RevocationList> {
    const read = this.#db.$client.transaction(
      (): RevocationList => ({
        version: this.#q.version.get()?.version ?? 0,
        sessions: this.#q.revoked.all({ now: nowMs }),
      }),
    );
    return read.deferred();
  }

  async deleteExpired(nowMs: number, limit: number): Promise<number> {
    return this.#status.write(
      'expired sessions were not deleted',
      async () => this.#q.deleteExpired.run({ now: nowMs, limit }).changes,
    );
  }

  /** Runs `revoke` and bumps the version when it revoked anything, in one transaction. */
  #revoking(notStored: string, revoke: () => number): Promise<number> {
    const run = this.#db.$client.transaction((): number => {
      const changes = revoke();
      if (changes > 0) this.#q.bumpVersion.run();
      return changes;
    });
    return this.#status.write(notStored, async () => run.immediate());
  }
}
