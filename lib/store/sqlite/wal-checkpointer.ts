import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { errorFields, log } from '@/lib/logger';
import { DB_BUSY_TIMEOUT_MS, WAL_JOURNAL_SIZE_LIMIT_BYTES } from './open-database';

/** How often the WAL is checkpointed, in milliseconds. */
export const WAL_CHECKPOINT_INTERVAL_MS = 1000;
/** Above this WAL file size a checkpoint is a TRUNCATE (the file goes back to 0), in bytes. */
export const WAL_TRUNCATE_ABOVE_BYTES = WAL_JOURNAL_SIZE_LIMIT_BYTES;
/**
 * Longest a TRUNCATE checkpoint waits for readers and writers of other connections, in
 * milliseconds (instead of DB_BUSY_TIMEOUT_MS): it runs on the event loop.
 */
export const WAL_CHECKPOINT_BUSY_TIMEOUT_MS = 50;
/**
 * While the WAL stays over WAL_TRUNCATE_ABOVE_BYTES because a TRUNCATE was busy, the next try
 * comes after this many milliseconds instead of WAL_CHECKPOINT_INTERVAL_MS: a fast external
 * writer can add tens of MiB a second.
 */
export const WAL_CHECKPOINT_RETRY_MS = 100;
/** A checkpoint slower than this logs a warning, in milliseconds. */
export const WAL_CHECKPOINT_SLOW_MS = 100;

export type CheckpointMode = 'passive' | 'truncate';

export type CheckpointResult = {
  mode: CheckpointMode;
  /** SQLite could not finish (a reader or writer held on): the WAL was not reset. */
  busy: boolean;
  walBytesBefore: number;
  durationMs: number;
};

/** Counters for `/metrics`. */
export type CheckpointStats = Record<CheckpointMode, number> & {
  busy: number;
  failed: number;
  maxDurationMs: number;
};

/**
 * Checkpoints the WAL of the server's connection every WAL_CHECKPOINT_INTERVAL_MS: PASSIVE
 * (never waits) normally, TRUNCATE when the file is over WAL_TRUNCATE_ABOVE_BYTES. SQLite's
 * own auto-checkpoint cannot reset the WAL while other connections keep reading, and nothing
 * shrinks the file on its own; this keeps it bounded (see docs/store.md).
 */
export class WalCheckpointer {
  readonly #sqlite: Database.Database;
  readonly #walPath: string;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #failing = false;
  readonly stats: CheckpointStats = {
    passive: 0,
    truncate: 0,
    busy: 0,
    failed: 0,
    maxDurationMs: 0,
  };

  constructor(sqlite: Database.Database, intervalMs = WAL_CHECKPOINT_INTERVAL_MS) {
    this.#sqlite = sqlite;
    this.#walPath = `${sqlite.name}-wal`;
    this.#intervalMs = intervalMs;
  }

  start(): void {
    if (this.#timer === undefined) this.#schedule(this.#intervalMs);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(delayMs: number): void {
    this.#timer = setTimeout(() => {
      const retrySoon = this.#tick();
      if (this.#timer !== undefined) {
        this.#schedule(
          retrySoon ? Math.min(WAL_CHECKPOINT_RETRY_MS, this.#intervalMs) : this.#intervalMs,
        );
      }
    }, delayMs);
    this.#timer.unref();
  }

  /** Size of the WAL file now, in bytes (0 when there is none). */
  walBytes(): number {
    try {
      return fs.statSync(this.#walPath).size;
    } catch {
      return 0;
    }
  }

  /** One checkpoint, its mode chosen by the WAL size; throws what SQLite throws. */
  checkpointOnce(): CheckpointResult {
    const walBytesBefore = this.walBytes();
    const mode = checkpointModeFor(walBytesBefore);
    const startedAt = performance.now();
    let busy: boolean;
    if (mode === 'truncate') {
      this.#sqlite.pragma(`busy_timeout = ${WAL_CHECKPOINT_BUSY_TIMEOUT_MS}`);
      try {
        busy = this.#run('TRUNCATE');
      } finally {
        this.#sqlite.pragma(`busy_timeout = ${DB_BUSY_TIMEOUT_MS}`);
      }
    } else {
      busy = this.#run('PASSIVE');
    }
    const durationMs = performance.now() - startedAt;
    this.stats[mode]++;
    if (busy) this.stats.busy++;
    this.stats.maxDurationMs = Math.max(this.stats.maxDurationMs, durationMs);
    return { mode, busy, walBytesBefore, durationMs };
  }

  #run(mode: 'PASSIVE' | 'TRUNCATE'): boolean {
    const [row] = this.#sqlite.pragma(`wal_checkpoint(${mode})`) as { busy: number }[];
    return row?.busy === 1;
  }

  /** One checkpoint; true when the WAL is still over the bound (a TRUNCATE was busy). */
  #tick(): boolean {
    try {
      const result = this.checkpointOnce();
      this.#failing = false;
      if (
        result.durationMs > WAL_CHECKPOINT_SLOW_MS ||
        (result.busy && result.mode === 'truncate')
      ) {
        log.warn('wal checkpoint slow or busy', {
          ...result,
          durationMs: round(result.durationMs),
        });
      }
      return result.busy && result.mode === 'truncate';
    } catch (error) {
      this.stats.failed++;
      // Once per failing spell: a read-only file fails every tick.
      if (!this.#failing) log.warn('wal checkpoint failed', errorFields(error));
      this.#failing = true;
      return false;
    }
  }
}

/** TRUNCATE above WAL_TRUNCATE_ABOVE_BYTES, PASSIVE at or below it. */
export function checkpointModeFor(walBytes: number): CheckpointMode {
  return walBytes > WAL_TRUNCATE_ABOVE_BYTES ? 'truncate' : 'passive';
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
