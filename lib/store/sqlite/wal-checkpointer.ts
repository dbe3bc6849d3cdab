import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { errorFields, log } from '@/lib/logger';
import { DB_BUSY_TIMEOUT_MS, WAL_JOURNAL_SIZE_LIMIT_BYTES } from './open-database';

/** How often the WAL is checkpointed, in milliseconds. */
export const WAL_CHECKPOINT_INTERVAL_MS = 1000;
/**
 * Above this WAL file size a checkpoint while no other connection writes is a TRUNCATE (the
 * file goes back to 0), in bytes.
 */
export const WAL_TRUNCATE_ABOVE_BYTES = WAL_JOURNAL_SIZE_LIMIT_BYTES;
/**
 * `busy_timeout` of a TRUNCATE checkpoint, in milliseconds: 0, it never waits. Waiting would
 * hold SQLite's checkpoint lock (and the write lock once taken) while the busy handler sleeps,
 * so another writer's own auto-checkpoints would fail meanwhile and the WAL grow at its pace.
 */
export const WAL_TRUNCATE_BUSY_TIMEOUT_MS = 0;
/**
 * While the WAL stays over WAL_TRUNCATE_ABOVE_BYTES because a TRUNCATE was busy (a reader held
 * a snapshot), the next try comes after this many milliseconds instead of
 * WAL_CHECKPOINT_INTERVAL_MS: a try that finds a reader costs nothing but the pages it copies.
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
  /** Another connection committed since the previous checkpoint (so no TRUNCATE). */
  otherWriter: boolean;
  durationMs: number;
};

/** Counters for `/metrics`. */
export type CheckpointStats = Record<CheckpointMode, number> & {
  busy: number;
  failed: number;
  maxDurationMs: number;
};

/**
 * Checkpoints the WAL of the server's connection every WAL_CHECKPOINT_INTERVAL_MS, never
 * waiting for another connection (see docs/store.md):
 *
 * - PASSIVE (copies what it can) while another connection writes (`PRAGMA data_version` moved
 *   since the last checkpoint): that writer restarts the WAL itself once it is copied, and
 *   `journal_size_limit` cuts the file back at its next commit, whatever its pace. A TRUNCATE
 *   would have to win the write lock from it, and holding the checkpoint lock while trying
 *   makes its auto-checkpoints fail, so that its WAL grows instead.
 * - TRUNCATE (copies everything and cuts the file to 0) when nobody else wrote since the last
 *   checkpoint and the file is over WAL_TRUNCATE_ABOVE_BYTES: the space a held reader or a burst
 *   left behind is given back. With busy_timeout 0: when a reader still holds a snapshot it
 *   gives up at once and tries again WAL_CHECKPOINT_RETRY_MS later.
 * - PASSIVE otherwise.
 */
export class WalCheckpointer {
  readonly #sqlite: Database.Database;
  readonly #walPath: string;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #failing = false;
  #truncateBusy = false;
  #dataVersion: number | undefined;
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
    if (this.#timer !== undefined) return;
    // The first checkpoint judges the writes of its first interval, not those before start.
    this.#otherWriterSinceLastLook();
    this.#schedule(this.#intervalMs);
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

  /**
   * One checkpoint, its mode chosen by the WAL size and whether another connection wrote since
   * the previous one (see the class); throws what SQLite throws.
   */
  checkpointOnce(): CheckpointResult {
    const walBytesBefore = this.walBytes();
    const otherWriter = this.#otherWriterSinceLastLook();
    const mode = checkpointModeFor(walBytesBefore, otherWriter);
    const startedAt = performance.now();
    let busy: boolean;
    if (mode === 'truncate') {
      this.#sqlite.pragma(`busy_timeout = ${WAL_TRUNCATE_BUSY_TIMEOUT_MS}`);
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
    return { mode, busy, walBytesBefore, otherWriter, durationMs };
  }

  #run(mode: 'PASSIVE' | 'TRUNCATE'): boolean {
    const [row] = this.#sqlite.pragma(`wal_checkpoint(${mode})`) as { busy: number }[];
    return row?.busy === 1;
  }

  /** Whether another connection committed since the last call (`PRAGMA data_version`). */
  #otherWriterSinceLastLook(): boolean {
    const version = this.#sqlite.pragma('data_version', { simple: true }) as number;
    const moved = this.#dataVersion !== undefined && version !== this.#dataVersion;
    this.#dataVersion = version;
    return moved;
  }

  /** One checkpoint; true when the WAL is still over the bound (a TRUNCATE was busy). */
  #tick(): boolean {
    try {
      const result = this.checkpointOnce();
      this.#failing = false;
      const truncateBusy = result.busy && result.mode === 'truncate';
      // A busy TRUNCATE is retried every WAL_CHECKPOINT_RETRY_MS: warn once per busy spell.
      if (result.durationMs > WAL_CHECKPOINT_SLOW_MS || (truncateBusy && !this.#truncateBusy)) {
        log.warn('wal checkpoint slow or busy', {
          ...result,
          durationMs: round(result.durationMs),
        });
      }
      this.#truncateBusy = truncateBusy;
      return truncateBusy;
    } catch (error) {
      this.stats.failed++;
      // Once per failing spell: a read-only file fails every tick.
      if (!this.#failing) log.warn('wal checkpoint failed', errorFields(error));
      this.#failing = true;
      return false;
    }
  }
}

/**
 * TRUNCATE when the WAL is over WAL_TRUNCATE_ABOVE_BYTES and no other connection wrote since
 * the last checkpoint; PASSIVE otherwise.
 */
export function checkpointModeFor(walBytes: number, otherWriter: boolean): CheckpointMode {
  return !otherWriter && walBytes > WAL_TRUNCATE_ABOVE_BYTES ? 'truncate' : 'passive';
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
