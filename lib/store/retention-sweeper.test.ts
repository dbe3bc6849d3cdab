import { describe, expect, it } from 'vitest';
import type { RetentionKind, RetentionStore } from './retention-store';
import { type RetentionOptions, RetentionSweeper } from './retention-sweeper';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = 1_800_000_000_000;
const OPTIONS: RetentionOptions = {
  rawHours: 48,
  minuteDays: 30,
  hourDays: 365,
  intervalMs: 60_000,
  batchRows: 2,
  maxMsPerSweep: 10_000,
};

/**
 * A RetentionStore in memory: rows are timestamps per kind. What each engine deletes (and the
 * retention floor) is in tests/store-contract; this tests the sweeper's budget and batches.
 */
class MemoryRetention implements RetentionStore {
  readonly rows: Record<RetentionKind, number[]> = { raw: [], minute: [], hour: [] };
  readonly calls: [RetentionKind, number, number][] = [];
  failOn: RetentionKind | undefined;

  async deleteExpired(kind: RetentionKind, cutoffMs: number, limit: number): Promise<number> {
    this.calls.push([kind, cutoffMs, limit]);
    if (kind === this.failOn) throw new Error('disk I/O error');
    let deleted = 0;
    this.rows[kind] = this.rows[kind].filter((ts) => {
      if (ts >= cutoffMs || deleted >= limit) return true;
      deleted++;
      return false;
    });
    return deleted;
  }
}

const sweeperOf = (store: RetentionStore, options: Partial<RetentionOptions> = {}) =>
  new RetentionSweeper(store, { ...OPTIONS, ...options }, () => NOW);

describe('RetentionSweeper', () => {
  it('asks for each kind with its own cutoff, in batches of batchRows', async () => {
    const store = new MemoryRetention();
    store.rows.raw = [NOW - 48 * HOUR - 1, NOW - 48 * HOUR];
    store.rows.minute = [NOW - 31 * DAY, NOW - 31 * DAY, NOW - 31 * DAY, NOW];
    store.rows.hour = [NOW - 366 * DAY];
    const s = sweeperOf(store);
    const deleted = await s.sweep();
    expect(deleted).toEqual({ raw: 1, minute: 3, hour: 1 });
    expect(store.rows.raw).toEqual([NOW - 48 * HOUR]);
    expect(store.calls).toEqual([
      ['raw', NOW - 48 * HOUR, 2],
      ['minute', NOW - 30 * DAY, 2],
      ['minute', NOW - 30 * DAY, 2],
      ['hour', NOW - 365 * DAY, 2],
    ]);
    expect(s.stats).toMatchObject({ deleted, sweeps: 1, batches: 4, backlog: false });
  });

  it('stops after its work budget and goes on in the next sweep', async () => {
    const store = new MemoryRetention();
    store.rows.raw = Array.from({ length: 10 }, () => NOW - 60 * HOUR);
    // A budget of 0 ms: the first batch runs, then the sweep stops.
    const s = sweeperOf(store, { maxMsPerSweep: Number.MIN_VALUE });
    expect((await s.sweep()).raw).toBe(2);
    expect(s.stats.backlog).toBe(true);
    expect((await s.sweep()).raw).toBe(2);
    expect(store.rows.raw).toHaveLength(6);
    // With room to finish, the backlog is gone and the next sweep waits the whole interval.
    const roomy = sweeperOf(store);
    expect((await roomy.sweep()).raw).toBe(6);
    expect(roomy.stats.backlog).toBe(false);
  });

  it('counts a failed batch, ends the sweep, and tries again next time', async () => {
    const store = new MemoryRetention();
    store.rows.raw = [NOW - 60 * HOUR];
    store.rows.minute = [NOW - 60 * DAY];
    store.failOn = 'raw';
    const s = sweeperOf(store);
    expect(await s.sweep()).toEqual({ raw: 0, minute: 0, hour: 0 });
    expect(s.stats).toMatchObject({ failed: 1, sweeps: 0 });
    store.failOn = undefined;
    expect(await s.sweep()).toEqual({ raw: 1, minute: 1, hour: 0 });
  });

  it('does nothing after stop, and stop waits for a sweep in progress', async () => {
    const store = new MemoryRetention();
    store.rows.raw = Array.from({ length: 6 }, () => NOW - 60 * HOUR);
    const s = sweeperOf(store);
    const running = s.sweep();
    const stopped = s.stop();
    await stopped;
    // The sweep ended at its next batch boundary, and had ended before stop() resolved.
    const deletedBeforeStop = 6 - store.rows.raw.length;
    expect(deletedBeforeStop).toBeLessThan(6);
    expect((await running).raw).toBe(deletedBeforeStop);
    expect(await s.sweep()).toEqual({ raw: 0, minute: 0, hour: 0 });
  });
});
