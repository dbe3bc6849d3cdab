import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { errorFields, log } from '@/lib/logger';
import { RETENTION_KINDS, type RetentionKind, type RetentionStore } from './retention-store';

/**
 * Pause before the next sweep when the last one ran out of its budget with expired rows left,
 * in ms (instead of the sweep interval): a backlog drains at most RETENTION_SWEEP_MAX_MS of work
 * per second, so the sweeper keeps up with heavy ingest while the loop stays free 95% of the time.
 */
export const RETENTION_BACKLOG_PAUSE_MS = 1000;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** What the sweeper keeps and how it works; the RETENTION_* env variables. */
export type RetentionOptions = {
  /** Raw samples kept, in hours (RETENTION_RAW_HOURS, default 48). */
  rawHours: number;
  /** Minute rollups kept, in days (RETENTION_MINUTE_DAYS, default 30). */
  minuteDays: number;
  /** Hour rollups kept, in days (RETENTION_HOUR_DAYS, default 365). */
  hourDays: number;
  /** Time between sweeps, in ms (RETENTION_SWEEP_INTERVAL_MS, default 60000). */
  intervalMs: number;
  /** Most rows one delete removes (RETENTION_BATCH_ROWS, default 2000). */
  batchRows: number;
  /** Work budget of one sweep, in ms (RETENTION_SWEEP_MAX_MS, default 50); the rest waits. */
  maxMsPerSweep: number;
};

/** How long each kind of row is kept, in ms. */
export function retentionSpansMs(
  o: Pick<RetentionOptions, 'rawHours' | 'minuteDays' | 'hourDays'>,
) {
  return { raw: o.rawHours * HOUR_MS, minute: o.minuteDays * DAY_MS, hour: o.hourDays * DAY_MS };
}

/** Counters for `/metrics`. */
export type RetentionStats = {
  deleted: Record<RetentionKind, number>;
  sweeps: number;
  failed: number;
  /** Duration of the last sweep (all its batches, without the yields between), in ms. */
  lastSweepMs: number;
  /** Longest single delete batch seen, in ms: what one batch blocks the event loop for. */
  longestBatchMs: number;
  /** Delete batches run, and their total time in ms (their mean is totalBatchMs / batches). */
  batches: number;
  totalBatchMs: number;
  /** The last sweep stopped at its budget with expired rows left (the next one comes sooner). */
  backlog: boolean;
};

/**
 * Deletes rows older than their retention every `intervalMs`: raw samples, then minute
 * rollups, then hour rollups, in deletes of at most `batchRows` rows
 * (`RetentionStore.deleteExpired`), yielding to the event loop (setImmediate) between batches
 * and stopping after `maxMsPerSweep` of work (the next sweep goes on). So the sweep never
 * stalls the streams or the chat for longer than one small batch. A failed batch (busy, I/O
 * error) is logged and the sweep ends; the next one retries. Engine-neutral: the engine only
 * runs one bounded delete per call.
 */
export class RetentionSweeper {
  readonly #store: RetentionStore;
  /** The options it was made with. */
  readonly options: RetentionOptions;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<Record<RetentionKind, number>> | undefined;
  #stopped = false;
  readonly stats: RetentionStats = {
    deleted: { raw: 0, minute: 0, hour: 0 },
    sweeps: 0,
    failed: 0,
    lastSweepMs: 0,
    longestBatchMs: 0,
    batches: 0,
    totalBatchMs: 0,
    backlog: false,
  };

  constructor(store: RetentionStore, options: RetentionOptions, now: () => number = Date.now) {
    this.#store = store;
    this.options = options;
    this.#now = now;
  }

  /** Starts the periodic sweep (the first one after `intervalMs`). */
  start(): void {
    this.#stopped = false;
    this.#schedule();
  }

  /**
   * Stops sweeping; a sweep in progress ends before its next batch. Resolves once it has ended
   * (await it before closing the database).
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /**
   * One sweep: batches until nothing is expired or the budget is spent. Resolves with the rows
   * deleted by kind in this sweep.
   */
  async sweep(): Promise<Record<RetentionKind, number>> {
    if (this.#running) return { raw: 0, minute: 0, hour: 0 };
    this.#running = this.#sweep();
    try {
      return await this.#running;
    } finally {
      this.#running = undefined;
    }
  }

  async #sweep(): Promise<Record<RetentionKind, number>> {
    const deleted: Record<RetentionKind, number> = { raw: 0, minute: 0, hour: 0 };
    let workMs = 0;
    let backlog = false;
    try {
      const spans = retentionSpansMs(this.options);
      for (const kind of RETENTION_KINDS) {
        for (;;) {
          if (this.#stopped) break;
          if (workMs >= this.options.maxMsPerSweep) {
            backlog = true;
            break;
          }
          const started = performance.now();
          const n = await this.#store.deleteExpired(
            kind,
            this.#now() - spans[kind],
            this.options.batchRows,
          );
          const ms = performance.now() - started;
          workMs += ms;
          this.stats.longestBatchMs = Math.max(this.stats.longestBatchMs, ms);
          this.stats.batches++;
          this.stats.totalBatchMs += ms;
          deleted[kind] += n;
          this.stats.deleted[kind] += n;
          if (n < this.options.batchRows) break;
          await yieldToLoop();
        }
      }
      this.stats.sweeps++;
    } catch (error) {
      this.stats.failed++;
      log.warn('retention sweep failed', errorFields(error));
    } finally {
      this.stats.lastSweepMs = workMs;
      this.stats.backlog = backlog;
    }
    return deleted;
  }

  #nextDelayMs(): number {
    return this.stats.backlog
      ? Math.min(RETENTION_BACKLOG_PAUSE_MS, this.options.intervalMs)
      : this.options.intervalMs;
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      void this.sweep().then(() => this.#schedule());
    }, this.#nextDelayMs());
    this.#timer.unref();
  }
}
