import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricStore } from '@/lib/store/metric-store';
import type { SqliteMetricStore } from '@/lib/store/sqlite/sqlite-metric-store';
import { scheduledStore } from '@/lib/testing/scheduled-stores';
import { StreamHub, type StreamRequest } from './stream-hub';
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

describe('StreamHub over an async store', () => {
  it('resumes from a cursor ahead of the hub (an ingest answer still in the coalescing window) with a replay', async () => {
    await store.append([{ series: 'a', value: 1 }]);
    await hub.flush();
    const { seq } = await store.append([
      { series: 'a', value: 2 },
      { series: 'a', value: 3 },
    ]);
    expect(hub.lastSeq).toBe(1); // not fanned out yet
    const sink = await openStream({ windowS: 300, lastEventId: seq - 1 });
    const resumed = sink.events()[1];
    expect(resumed).toMatchObject({ event: 'samples', id: String(seq) });
    const data = resumed?.data as { samples: { value: number }[] } | undefined;
    expect(data?.samples.map((s) => s.value)).toEqual([3]);
    expect(hub.stats.replaysSent).toBe(1);
  });

  it('buffers what is fanned out and broadcast while a stream opens, and sends it after the first event', async () => {
    // The stream's snapshot read answers only when the test opens the gate.
    let openGate = () => {};
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    const gated = scheduledStore<MetricStore>(store, async (label, run) => {
      const result = await run();
      if (label.startsWith('snapshot')) await gate;
      return result;
    });
    const slowHub = new StreamHub(gated, { keepAliveIntervalMs: 60_000 });
    await slowHub.start();
    await store.append([{ series: 'a', value: 1 }]);
    await slowHub.flush();
    const sink = new RecordingSink();
    slowHub.open({ windowS: 300 }, sink); // registered at seq 1; its snapshot is being read
    await store.append([{ series: 'a', value: 2 }]);
    await slowHub.flush();
    slowHub.broadcast('layout', { version: 1, widgets: [] }, 1);
    expect(sink.chunks).toEqual([]);
    openGate();
    await sink.written;
    expect(sink.events().map((e) => [e.event ?? 'retry', e.id])).toEqual([
      ['retry', undefined],
      ['snapshot', '1'],
      ['samples', '2'],
      ['layout', undefined],
    ]);
    expect(sink.chunks).toHaveLength(1); // one write: retry, first event and what was buffered
    slowHub.closeAll();
  });

  it('writes nothing to a stream released while it opens, and leaves no group behind', async () => {
    const sink = new RecordingSink();
    const release = hub.open({ windowS: 300 }, sink);
    release();
    await store.append([{ series: 'a', value: 1 }]);
    await hub.flush();
    expect(sink.chunks).toEqual([]);
    expect(hub.activeHandles).toMatchObject({ streams: 0, groups: 0 });
  });

  it('ends a stream that is still opening on closeAll with only the shutdown event', async () => {
    const sink = new RecordingSink();
    hub.open({ windowS: 300 }, sink);
    hub.closeAll(() => 1500);
    await hub.flush();
    expect(sink.events()).toEqual([
      { retry: '1500' },
      { event: 'shutdown', data: { reason: 'server restarting', retryMs: 1500 } },
    ]);
    expect(sink.closed).toBe(true);
  });

  it('never sends an older version of a versioned broadcast after a newer one', async () => {
    const sink = await openStream({ windowS: 60 });
    hub.broadcast('layout', { version: 3, widgets: [] }, 3);
    hub.broadcast('layout', { version: 2, widgets: [] }, 2);
    hub.broadcast('layout', { version: 3, widgets: [] }, 3);
    hub.broadcast('layout', { version: 4, widgets: [] }, 4);
    const versions = sink
      .events()
      .filter((e) => e.event === 'layout')
      .map((e) => (e.data as { version: number }).version);
    expect(versions).toEqual([3, 4]);
  });

  it('runs one fan-out read at a time, and one more for a change noticed during it', async () => {
    await openStream({ windowS: 300 });
    const before = hub.stats.fanoutReads;
    await store.append([{ series: 'a', value: 1 }]);
    const first = hub.flush();
    await store.append([{ series: 'a', value: 2 }]); // noticed while the first read is in flight
    const second = hub.flush();
    const third = hub.flush();
    expect(second).toBe(third);
    await Promise.all([first, second]);
    expect(hub.lastSeq).toBe(2);
    expect(hub.stats.fanoutReads - before).toBe(2);
  });
});
