import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SqliteMetricStore } from '@/lib/store/sqlite/sqlite-metric-store';
import {
  FLUSH_BATCH_MAX_ROWS,
  STREAM_COALESCE_WINDOW_MS,
  STREAM_RETRY_BASE_MS,
  type StreamHub,
  type StreamRequest,
} from './stream-hub';
import { openSqliteHub, openStreamOn, RecordingSink } from './stream-hub.test-helpers';

let store: SqliteMetricStore;
let hub: StreamHub;
let close: () => Promise<void>;

beforeEach(async () => {
  ({ store, hub, close } = await openSqliteHub());
});
afterEach(() => close());

/** Opens a stream and waits for its first write (retry and first event). */
const openStream = (request: StreamRequest, sink?: RecordingSink) =>
  openStreamOn(hub, request, sink);

describe('StreamHub', () => {
  it('ends each stream on closeAll with its own retry and a shutdown event carrying the same value', async () => {
    const sinks = [new RecordingSink(), new RecordingSink()];
    for (const sink of sinks) hub.open({ windowS: 300 }, sink);
    const draws = [1234, 4321];
    hub.closeAll(() => draws.shift() as number);
    const tails = sinks.map((sink) => sink.events().slice(-2));
    expect(tails).toEqual([
      [
        { retry: '1234' },
        { event: 'shutdown', data: { reason: 'server restarting', retryMs: 1234 } },
      ],
      [
        { retry: '4321' },
        { event: 'shutdown', data: { reason: 'server restarting', retryMs: 4321 } },
      ],
    ]);
    expect(sinks.every((sink) => sink.closed)).toBe(true);
    expect(hub.size).toBe(0);
  });

  it('sends a stream opened after closeAll away at once, with no snapshot', async () => {
    hub.closeAll(() => 2000);
    const late = new RecordingSink();
    hub.open({ windowS: 300 }, late);
    expect(late.events()).toEqual([
      { retry: '2000' },
      { event: 'shutdown', data: { reason: 'server restarting', retryMs: 2000 } },
    ]);
    expect(late.closed).toBe(true);
    expect(hub.size).toBe(0);
  });

  it('sends retry, then a snapshot exact at its cursor', async () => {
    await store.append([{ series: 'a', value: 1, unit: '%' }]);
    await hub.flush();
    const sink = await openStream({ windowS: 300 });
    const [retry, snapshot] = sink.events();
    expect(Number(retry?.retry)).toBeGreaterThanOrEqual(STREAM_RETRY_BASE_MS);
    expect(Number(retry?.retry)).toBeLessThanOrEqual(2 * STREAM_RETRY_BASE_MS);
    expect(snapshot).toMatchObject({ event: 'snapshot', id: '1', data: { seq: 1 } });
    expect((snapshot?.data as { series: unknown[] } | undefined)?.series).toEqual([
      { name: 'a', unit: '%', points: [[expect.any(Number), 1]] },
    ]);
  });

  it('reads a commit once and writes the same bytes to every stream', async () => {
    const sinks = Array.from({ length: 20 }, () => new RecordingSink());
    for (const sink of sinks) await openStream({ windowS: 300 }, sink);
    const before = { ...hub.stats };
    await store.append([{ series: 'a', value: 1 }]);
    await hub.flush();
    expect(hub.stats.fanoutReads - before.fanoutReads).toBe(1);
    expect(hub.stats.fanoutSerializations - before.fanoutSerializations).toBe(1);
    const last = sinks.map((s) => s.chunks.at(-1));
    expect(new Set(last).size).toBe(1);
  });

  it('does not lose rows committed before the first flush after a stream opened', async () => {
    await store.append([{ series: 'a', value: 1 }]); // committed, hub not yet flushed
    const sink = new RecordingSink();
    hub.open({ windowS: 300 }, sink); // snapshot is exact at the hub cursor (0)
    await hub.flush();
    await sink.written;
    const events = sink.events();
    expect(events[1]).toMatchObject({ event: 'snapshot', id: '0' });
    expect(events[2]).toMatchObject({ event: 'samples', id: '1' });
  });

  it('limits a stream to its series and describes new series once', async () => {
    const sink = await openStream({ windowS: 300, series: ['b'] });
    await store.append([
      { series: 'a', value: 1 },
      { series: 'b', value: 2, unit: 'ms' },
    ]);
    await hub.flush();
    const samples = sink.events()[2]?.data as { samples: { series: string }[]; series: unknown };
    expect(samples.samples.map((s) => s.series)).toEqual(['b']);
    expect(samples.series).toEqual([{ name: 'b', unit: 'ms' }]);
  });

  it('drops a stream whose reader is too far behind, naming the reason slow_reader', async () => {
    const slow = await openStream({ windowS: 300 });
    slow.accept = false;
    await store.append([{ series: 'a', value: 1 }]);
    await hub.flush();
    expect(slow.closed).toBe(true);
    expect(slow.closeReason).toBe('slow_reader');
    expect(hub.size).toBe(0);
    expect(hub.stats.slowReadersDropped).toBe(1);
  });

  it('releases every stream and group when readers leave', () => {
    const releases = Array.from({ length: 50 }, (_, i) =>
      hub.open({ windowS: 300, ...(i % 2 ? { series: ['a'] } : {}) }, new RecordingSink()),
    );
    expect(hub.activeHandles).toEqual({ streams: 50, groups: 2, keepAlive: true });
    for (const release of releases) release();
    expect(hub.activeHandles).toEqual({ streams: 0, groups: 0, keepAlive: true });
    hub.stop();
    expect(hub.activeHandles.keepAlive).toBe(false);
  });

  it('coalesces a burst of commits into a few events, losing none', async () => {
    const sink = await openStream({ windowS: 300 });
    const startedAt = performance.now();
    for (let i = 0; i < 100; i++) {
      await store.append([{ series: 'burst', value: i }]);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await vi.waitFor(() => expect(hub.lastSeq).toBe(100));
    const elapsedMs = performance.now() - startedAt;
    const events = sink.events().filter((e) => e.event === 'samples');
    const values = events.flatMap((e) => (e.data as { samples: { value: number }[] }).samples);
    expect(values.map((v) => v.value)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    // At most one event per coalescing window (plus the first, sent at once), however long the
    // burst took on this machine (each commit fsyncs); without coalescing there would be 100.
    expect(events.length).toBeLessThanOrEqual(Math.ceil(elapsedMs / STREAM_COALESCE_WINDOW_MS) + 1);
  });

  it('fans a backlog larger than FLUSH_BATCH_MAX_ROWS out in batches of that size, losing none', async () => {
    const sink = await openStream({ windowS: 300 });
    const rows = Array.from({ length: FLUSH_BATCH_MAX_ROWS + 1 }, (_, i) => ({
      series: 'backlog',
      value: i,
    }));
    await store.append(rows);
    const before = hub.stats.fanoutReads;
    await hub.flush();
    const events = sink.events().filter((e) => e.event === 'samples');
    expect(events.map((e) => e.id)).toEqual([
      String(FLUSH_BATCH_MAX_ROWS),
      String(FLUSH_BATCH_MAX_ROWS + 1),
    ]);
    const values = events.flatMap((e) => (e.data as { samples: { value: number }[] }).samples);
    expect(values).toHaveLength(FLUSH_BATCH_MAX_ROWS + 1);
    expect(hub.stats.fanoutReads - before).toBe(2);
  });
});
