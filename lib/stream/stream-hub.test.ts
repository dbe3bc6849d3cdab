import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SqliteMetricStore } from '@/lib/store/sqlite-metric-store';
import { openTempDatabase } from '@/lib/testing/temp-database';
import {
  FLUSH_BATCH_MAX_ROWS,
  STREAM_COALESCE_WINDOW_MS,
  STREAM_RETRY_BASE_MS,
  StreamHub,
} from './stream-hub';
import type { StreamCloseReason, StreamSink } from './stream-sink';
import { STREAM_REPLAY_MAX_SAMPLES } from './stream-start';

type Event = { event?: string; id?: string; data?: unknown; retry?: string };

/** A sink that records what it was written, as bytes and as parsed SSE events. */
class RecordingSink implements StreamSink {
  chunks: Uint8Array[] = [];
  closed = false;
  closeReason: StreamCloseReason | undefined;
  accept = true;
  write(chunk: Uint8Array): boolean {
    this.chunks.push(chunk);
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

beforeEach(() => {
  temp = openTempDatabase();
  store = new SqliteMetricStore(temp.db);
  hub = new StreamHub(store, { keepAliveIntervalMs: 60_000 });
  hub.start();
});
afterEach(() => {
  hub.closeAll();
  store.close();
  temp.dispose();
});

describe('StreamHub', () => {
  it('ends each stream on closeAll with its own retry and a shutdown event carrying the same value', () => {
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

  it('sends a stream opened after closeAll away at once, with no snapshot', () => {
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

  it('sends retry, then a snapshot exact at its cursor', () => {
    store.append([{ series: 'a', value: 1, unit: '%' }]);
    hub.flush();
    const sink = new RecordingSink();
    hub.open({ windowS: 300 }, sink);
    const [retry, snapshot] = sink.events();
    expect(Number(retry?.retry)).toBeGreaterThanOrEqual(STREAM_RETRY_BASE_MS);
    expect(Number(retry?.retry)).toBeLessThanOrEqual(2 * STREAM_RETRY_BASE_MS);
    expect(snapshot).toMatchObject({ event: 'snapshot', id: '1', data: { seq: 1 } });
    expect((snapshot?.data as { series: unknown[] } | undefined)?.series).toEqual([
      { name: 'a', unit: '%', points: [[expect.any(Number), 1]] },
    ]);
  });

  it('reads a commit once and writes the same bytes to every stream', () => {
    const sinks = Array.from({ length: 20 }, () => new RecordingSink());
    for (const sink of sinks) hub.open({ windowS: 300 }, sink);
    const before = { ...hub.stats };
    store.append([{ series: 'a', value: 1 }]);
    hub.flush();
    expect(hub.stats.fanoutReads - before.fanoutReads).toBe(1);
    expect(hub.stats.fanoutSerializations - before.fanoutSerializations).toBe(1);
    const last = sinks.map((s) => s.chunks.at(-1));
    expect(new Set(last).size).toBe(1);
  });

  it('does not lose rows committed before the first flush after a stream opened', () => {
    store.append([{ series: 'a', value: 1 }]); // committed, hub not yet flushed
    const sink = new RecordingSink();
    hub.open({ windowS: 300 }, sink); // snapshot is exact at the hub cursor (0)
    hub.flush();
    const events = sink.events();
    expect(events[1]).toMatchObject({ event: 'snapshot', id: '0' });
    expect(events[2]).toMatchObject({ event: 'samples', id: '1' });
  });

  it('resumes after a cursor with exactly the later samples', () => {
    store.append([
      { series: 'a', value: 1 },
      { series: 'a', value: 2 },
      { series: 'b', value: 3 },
    ]);
    hub.flush();
    const sink = new RecordingSink();
    hub.open({ windowS: 300, lastEventId: 1 }, sink);
    const resumed = sink.events()[1];
    expect(resumed).toMatchObject({ event: 'samples', id: '3' });
    expect(
      (resumed?.data as { samples: { value: number }[] } | undefined)?.samples.map((s) => s.value),
    ).toEqual([2, 3]);
  });

  it('sends a fresh snapshot when the cursor is older than what is kept', () => {
    store.append([
      { series: 'a', value: 1 },
      { series: 'a', value: 2 },
    ]);
    temp.db.$client.exec('DELETE FROM samples WHERE seq = 1');
    hub.flush();
    const sink = new RecordingSink();
    hub.open({ windowS: 300, lastEventId: 0 }, sink);
    expect(sink.events()[1]?.event).toBe('snapshot');
  });

  it('sends a fresh snapshot for a cursor from the future', () => {
    const sink = new RecordingSink();
    hub.open({ windowS: 300, lastEventId: 99 }, sink);
    expect(sink.events()[1]?.event).toBe('snapshot');
  });

  it('limits a stream to its series and describes new series once', () => {
    const sink = new RecordingSink();
    hub.open({ windowS: 300, series: ['b'] }, sink);
    store.append([
      { series: 'a', value: 1 },
      { series: 'b', value: 2, unit: 'ms' },
    ]);
    hub.flush();
    const samples = sink.events()[2]?.data as { samples: { series: string }[]; series: unknown };
    expect(samples.samples.map((s) => s.series)).toEqual(['b']);
    expect(samples.series).toEqual([{ name: 'b', unit: 'ms' }]);
  });

  it('drops a stream whose reader is too far behind, naming the reason slow_reader', () => {
    const slow = new RecordingSink();
    hub.open({ windowS: 300 }, slow);
    slow.accept = false;
    store.append([{ series: 'a', value: 1 }]);
    hub.flush();
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
    const sink = new RecordingSink();
    hub.open({ windowS: 300 }, sink);
    const startedAt = performance.now();
    for (let i = 0; i < 100; i++) {
      store.append([{ series: 'burst', value: i }]);
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

  it('replays exactly STREAM_REPLAY_MAX_SAMPLES samples, and sends a snapshot past that', () => {
    const samples = Array.from({ length: STREAM_REPLAY_MAX_SAMPLES + 1 }, (_, i) => ({
      series: 'many',
      value: i,
      ts: i,
    }));
    for (let i = 0; i < samples.length; i += 1000) store.append(samples.slice(i, i + 1000));
    hub.flush();
    const atLimit = new RecordingSink();
    hub.open({ windowS: 300, lastEventId: 1 }, atLimit);
    const replay = atLimit.events()[1];
    expect(replay?.event).toBe('samples');
    expect((replay?.data as { samples: unknown[] } | undefined)?.samples).toHaveLength(
      STREAM_REPLAY_MAX_SAMPLES,
    );
    const overLimit = new RecordingSink();
    hub.open({ windowS: 300, lastEventId: 0 }, overLimit);
    expect(overLimit.events()[1]?.event).toBe('snapshot');
  });

  it('fans a backlog larger than FLUSH_BATCH_MAX_ROWS out in batches of that size, losing none', () => {
    const sink = new RecordingSink();
    hub.open({ windowS: 300 }, sink);
    const rows = Array.from({ length: FLUSH_BATCH_MAX_ROWS + 1 }, (_, i) => ({
      series: 'backlog',
      value: i,
    }));
    store.append(rows);
    const before = hub.stats.fanoutReads;
    hub.flush();
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
  it('broadcasts a named event without id to every stream, whatever its filter, serialised once', () => {
    const all = new RecordingSink();
    const filtered = new RecordingSink();
    hub.open({ windowS: 60 }, all);
    hub.open({ windowS: 60, series: ['only.this'] }, filtered);
    const sent = hub.stats.eventsSent;

    hub.broadcast('layout', { version: 3, widgets: [] });

    for (const sink of [all, filtered]) {
      expect(sink.events().at(-1)).toEqual({ event: 'layout', data: { version: 3, widgets: [] } });
    }
    expect(all.chunks.at(-1)).toBe(filtered.chunks.at(-1));
    expect(hub.stats.eventsSent).toBe(sent + 2);
  });
});
