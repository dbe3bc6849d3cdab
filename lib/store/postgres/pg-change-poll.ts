import { errorFields, log } from '@/lib/logger';
import type { SqlRunner } from './pg-connection';

/**
 * How often the PostgreSQL engine asks whether another process or instance committed samples
 * or a series deletion, in milliseconds, when it has no LISTEN connection (stores opened on a
 * connection of the caller's: PGlite in tests). One read of two single numbers.
 */
export const PG_CHANGE_POLL_INTERVAL_MS = 100;
/**
 * The same poll beside a LISTEN connection (PgChangeListener), in milliseconds: the fallback
 * that bounds how late a commit is noticed while the listener is down or reconnecting.
 */
export const PG_CHANGE_POLL_FALLBACK_MS = 1_000;

/**
 * Notices commits made through other connections (another instance, a script): polls the last
 * seq (`samples_seq`) and the last deletion id, and calls `onChange` when either moved. A
 * background task of the engine (started once the server listens). A failed poll is logged
 * once until one succeeds again; the next tick retries.
 */
export class PgChangePoll {
  readonly #db: SqlRunner;
  readonly #onChange: () => void;
  readonly #intervalMs: number;
  #seen: string | undefined;
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<void> | undefined;
  #failing = false;
  /** Changes noticed (each woke the subscribers once). */
  notices = 0;
  /** Reads that worked, and reads that failed. */
  reads = 0;
  failures = 0;

  constructor(db: SqlRunner, onChange: () => void, intervalMs = PG_CHANGE_POLL_INTERVAL_MS) {
    this.#db = db;
    this.#onChange = onChange;
    this.#intervalMs = intervalMs;
  }

  start(): void {
    this.#timer ??= setInterval(() => {
      this.#polling ??= this.#tick().finally(() => {
        this.#polling = undefined;
      });
    }, this.#intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#polling;
  }

  async #tick(): Promise<void> {
    try {
      const { rows } = await this.#db.query<{ seq: number; deletion: number | null }>(
        `SELECT (SELECT seq FROM samples_seq WHERE id = 1) AS seq,
                (SELECT MAX(id) FROM series_deletions) AS deletion`,
      );
      const now = `${rows[0]?.seq ?? 0}/${rows[0]?.deletion ?? 0}`;
      this.reads++;
      if (this.#failing) log.info('postgres change poll works again');
      this.#failing = false;
      const before = this.#seen;
      this.#seen = now;
      if (before !== undefined && before !== now) {
        this.notices++;
        this.#onChange();
      }
    } catch (error) {
      this.failures++;
      if (!this.#failing) log.warn('postgres change poll failed', errorFields(error));
      this.#failing = true;
    }
  }
}
