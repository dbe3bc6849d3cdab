import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MetricStore } from '@/lib/store/metric-store';
import { SqliteMetricStore } from '@/lib/store/sqlite/sqlite-metric-store';
import { SqliteRetentionStore } from '@/lib/store/sqlite/sqlite-retention-store';
import { scheduledStore } from '@/lib/testing/scheduled-stores';
import { openTempDatabase } from '@/lib/testing/temp-database';
import {
  FLUSH_BATCH_MAX_ROWS,
  STREAM_COALESCE_WINDOW_MS,
  STREAM_RETRY_BASE_MS,
  StreamHub,
  type StreamRequest,
} from './stream-hub';
import { STREAM_REPLAY_MAX_SAMPLES } from './stream-resume';
import type { StreamCloseReason, StreamSink } from './stream-sink';

type Event = { event?: string; id?: string; data?: unknown; retry?: string };

/** A sink that records what it was written, as bytes and as parsed SSE events. */
class RecordingSink implements StreamSink {
  chunks: Uint8Array[] = [];
  closed = false;
  closeReason: StreamCloseReason | undefined;
  accept = true;
  #wrote = () => {};
  /** Resolves at the first write (the stream's retry and first event, or its shutdown). */
  readonly written = new Promise<void>((resolve) => {
    this.#wrote = resolve;
  });
  write(chunk: Uint8Array): boolean {
    this.chunks.push(chunk);
    this.#wrote();
    return this.accept;
  }
  close(reason?: StreamCloseReason): void {
    this.closed = true;
    this.closeReason = reason;
  }
  events(): Event[] {
    const text = this.chunks.map((c) => new TextDecoder().decode(c)).join('');
    return text
      .split('\n\n')
      .filter((block) => block.trim() && !block.startsWith(':'))
      .map((block) => {
        const e: Event = {};
        for (const line of block.split('\n')) {
          const [field, ...rest] = line.split(': ');
          const value = rest.join(': ');
          if (field === 'data') e.data = JSON.parse(value);
          else if (field === 'event' || field === 'id' || field === 'retry') e[field] = value;
        }
        return e;
      });
  }
}

let temp: ReturnType<typeof openTempDatabase>;
let store: SqliteMetricStore;
let hub: StreamHub;

beforeEach(async () => {
  temp = openTempDatabase();
  store = new SqliteMetricStore(temp.db);
  hub = new StreamHub(store, { keepAliveIntervalMs: 60_000 });
  await hub.start();
});
afterEach(async () => {
  hub.closeAll();
  await store.close();
  temp.dispose();
});

/** Opens a stream and waits for its first write (retry and first event). */
async function openStream(request: StreamRequest, sink = new RecordingSink()) {
  hub.open(request, sink);
  await sink.written;
  return sink;
}

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

  it('resumes after a cursor with exactly the later samples', async () => {
    await store.append([
      { series: 'a', value: 1 },
      { series: 'a', value: 2 },
      { series: 'b', value: 3 },
    ]);
    await hub.flush();
    const sink = await openStream({ windowS: 300, lastEventId: 1 });
    const resumed = sink.events()[1];
    expect(resumed).toMatchObject({ event: 'samples', id: '3' });
    expect(
      (resumed?.data as { samples: { value: number }[] } | undefined)?.samples.map((s) => s.value),
    ).toEqual([2, 3]);
  });

  it('sends a fresh snapshot when the cursor is older than what is kept', async () => {
    await store.append([
      { series: 'a', value: 1, ts: 0 },
      { series: 'a', value: 2 },
    ]);
    // Retention deletes seq 1 (ts 0): a cursor before it cannot be replayed.
    await new SqliteRetentionStore(temp.db.$client).deleteExpired('raw', 1, 10);
    await hub.flush();
    const sink = await openStream({ windowS: 300, lastEventId: 0 });
    expect(sink.events()[1]?.event).toBe('snapshot');
  });

  it('sends a fresh snapshot for a cursor from the future', async () => {
    const sink = await openStream({ windowS: 300, lastEventId: 99 });
    expect(sink.events()[1]?.event).toBe('snapshot');
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

  it('replays exactly STREAM_REPLAY_MAX_SAMPLES samples, and sends a snapshot past that', async () => {
    const samples = Array.from({ length: STREAM_REPLAY_MAX_SAMPLES + 1 }, (_, i) => ({
      series: 'many',
      value: i,
      ts: i,
    }));
    for (let i = 0; i < samples.length; i += 1000) await store.append(samples.slice(i, i + 1000));
    await hub.flush();
    const atLimit = await openStream({ windowS: 300, lastEventId: 1 });
    const replay = atLimit.events()[1];
    expect(replay?.event).toBe('samples');
    expect((replay?.data as { samples: unknown[] } | undefined)?.samples).toHaveLength(
      STREAM_REPLAY_MAX_SAMPLES,
    );
    const overLimit = await openStream({ windowS: 300, lastEventId: 0 });
    expect(overLimit.events()[1]?.event).toBe('snapshot');
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

describe('StreamHub.broadcast', () => {
  it('broadcasts a named event without id to every stream, whatever its filter, serialised once', async () => {
    const all = new RecordingSink();
    const filtered = new RecordingSink();
    await openStream({ windowS: 60 }, all);
    await openStream({ windowS: 60, series: ['only.this'] }, filtered);
    const sent = hub.stats.eventsSent;

    hub.broadcast('layout', { version: 3, widgets: [] });

    for (const sink of [all, filtered]) {
      expect(sink.events().at(-1)).toEqual({ event: 'layout', data: { version: 3, widgets: [] } });
    }
    expect(all.chunks.at(-1)).toBe(filtered.chunks.at(-1));
    expect(hub.stats.eventsSent).toBe(sent + 2);
  });
});

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
