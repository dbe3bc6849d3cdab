import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { errorFields, log } from '@/lib/logger';
import { DB_BUSY_TIMEOUT_MS } from './open-database';
import {
  type CheckpointMode,
  checkpointModeFor,
  type WalLook,
  walGeneration,
} from './wal-checkpoint-policy';

/** How often the WAL is checkpointed, in milliseconds. */
export const WAL_CHECKPOINT_INTERVAL_MS = 1000;
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

export type CheckpointResult = WalLook & {
  mode: CheckpointMode;
  /** SQLite could not finish (a reader or writer held on): the WAL was not reset. */
  busy: boolean;
  durationMs: number;
};

/** Counters for `/metrics` (`skip` is not a checkpoint: it is counted here only). */
export type CheckpointStats = Record<CheckpointMode, number> & {
  busy: number;
  failed: number;
  maxDurationMs: number;
};

/**
 * Checkpoints the WAL of the server's connection every WAL_CHECKPOINT_INTERVAL_MS, never
 * waiting for another connection, the mode chosen by {@link checkpointModeFor} from the WAL's
 * size, whether another connection wrote and whether the WAL was restarted since the last look:
 * it stays out of the way of another writer that keeps its WAL bounded itself, and gives back
 * the space a held reader or a burst left behind once nobody else writes. SQLite's own
 * auto-checkpoint cannot reset the WAL while other connections keep reading, and nothing
 * shrinks the file on its own (see docs/store.md).
 */
export class WalCheckpointer {
  readonly #sqlite: Database.Database;
  readonly #walPath: string;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #failing = false;
  #truncateBusy = false;
  #dataVersion: number | undefined;
  #generation: string | undefined;
  readonly stats: CheckpointStats = {
    passive: 0,
    truncate: 0,
    skip: 0,
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
    // The first checkpoint judges its first interval, not what happened before start.
    this.#look();
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
   * One look at the WAL and the checkpoint {@link checkpointModeFor} chooses for it (none when
   * `skip`); throws what SQLite throws.
   */
  checkpointOnce(): CheckpointResult {
    const look = this.#look();
    const mode = checkpointModeFor(look);
    const startedAt = performance.now();
    let busy = false;
    if (mode === 'truncate') {
      this.#sqlite.pragma(`busy_timeout = ${WAL_TRUNCATE_BUSY_TIMEOUT_MS}`);
      try {
        busy = this.#run('TRUNCATE');
      } finally {
        this.#sqlite.pragma(`busy_timeout = ${DB_BUSY_TIMEOUT_MS}`);
      }
    } else if (mode === 'passive') {
      busy = this.#run('PASSIVE');
    }
    const durationMs = performance.now() - startedAt;
    this.stats[mode]++;
    if (busy) this.stats.busy++;
    this.stats.maxDurationMs = Math.max(this.stats.maxDurationMs, durationMs);
    // What this checkpoint did is not news at the next look.
    if (mode !== 'skip') this.#generation = walGeneration(this.#walPath);
    return { ...look, mode, busy, durationMs };
  }

  #run(mode: 'PASSIVE' | 'TRUNCATE'): boolean {
    const [row] = this.#sqlite.pragma(`wal_checkpoint(${mode})`) as { busy: number }[];
    return row?.busy === 1;
  }

  /**
   * The WAL's size, whether another connection committed (`PRAGMA data_version` moved) and
   * whether the WAL was restarted (its header's generation changed) since the previous look.
   */
  #look(): WalLook {
    const version = this.#sqlite.pragma('data_version', { simple: true }) as number;
    const generation = walGeneration(this.#walPath);
    const look = {
      walBytes: this.walBytes(),
      otherWriter: this.#dataVersion !== undefined && version !== this.#dataVersion,
      restarted: this.#generation !== undefined && generation !== this.#generation,
    };
    this.#dataVersion = version;
    this.#generation = generation;
    return look;
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

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
