import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteMetricStore } from '@/lib/store/sqlite/sqlite-metric-store';
import { StreamHub, type StreamRequest } from './stream-hub';
import { openSqliteHub, openStreamOn, RecordingSink } from './stream-hub.test-helpers';

let temp: Awaited<ReturnType<typeof openSqliteHub>>['temp'];
let store: SqliteMetricStore;
let hub: StreamHub;
let close: () => Promise<void>;

beforeEach(async () => {
  ({ temp, store, hub, close } = await openSqliteHub());
});
afterEach(() => close());

/** Opens a stream whose events leave retry lines out, and waits for its first write. */
const openStream = (request: StreamRequest) =>
  openStreamOn(hub, request, new RecordingSink({ withRetry: false }));

describe('StreamHub and deleted series', () => {
  it('announces a deletion to every stream, without id, after the rows up to its seq and before the later ones', async () => {
    const all = await openStream({ windowS: 300 });
    const other = await openStream({ windowS: 300, series: ['other'] });
    // Nothing is fanned out until the flush below: the deletion lands inside one batch.
    await store.append([{ series: 'x', value: 1 }]); // seq 1, deleted
    await store.append([{ series: 'other', value: 2 }]); // seq 2
    expect(await store.deleteSeries('x')).toEqual({ samples: 1, seq: 2 });
    await store.append([{ series: 'other', value: 3 }]); // seq 3
    await hub.flush();

    expect(all.summary()).toEqual(['snapshot 0', 'samples 2', 'series-deleted x', 'samples 3']);
    expect(other.summary()).toEqual(['snapshot 0', 'samples 2', 'series-deleted x', 'samples 3']);
    expect(all.events()[2]?.data).toEqual({ series: 'x' });
  });

  it('describes a series pushed again after its deletion as a new one', async () => {
    await store.append([{ series: 'x', value: 1, unit: 'ms' }]);
    await hub.flush();
    const sink = await openStream({ windowS: 300 });
    await store.deleteSeries('x');
    await hub.flush();
    await store.append([{ series: 'x', value: 2 }]);
    await hub.flush();
    const [, deleted, again] = sink.events();
    expect(deleted?.event).toBe('series-deleted');
    expect(again?.data).toMatchObject({
      samples: [{ series: 'x', value: 2 }],
      series: [{ name: 'x' }],
    });
  });

  it('announces a deletion made through another connection (another process)', async () => {
    await store.append([{ series: 'x', value: 1 }]);
    await hub.flush();
    const sink = await openStream({ windowS: 300 });
    const elsewhere = new SqliteMetricStore(temp.db);
    await elsewhere.deleteSeries('x');
    await hub.flush();
    expect(sink.summary()).toEqual(['snapshot 1', 'series-deleted x']);
  });

  it('gives a stream resuming at or below a deletion a snapshot without the series, and one after it a replay', async () => {
    await store.append([
      { series: 'x', value: 1 },
      { series: 'y', value: 2 },
    ]);
    await store.deleteSeries('x'); // at seq 2
    await store.append([{ series: 'y', value: 3 }]);
    await hub.flush();
    for (const cursor of [1, 2]) {
      const sink = await openStream({ windowS: 300, lastEventId: cursor });
      const [first] = sink.events();
      expect(first?.event).toBe('snapshot');
      const series = (first?.data as { series: { name: string }[] } | undefined)?.series ?? [];
      expect(series.map((s) => s.name)).toEqual(['y']);
    }
    const after = await openStream({ windowS: 300, lastEventId: 3 });
    expect(after.events()).toEqual([]);
  });

  it('does not announce deletions made before it started', async () => {
    await store.append([{ series: 'x', value: 1 }]);
    await store.deleteSeries('x');
    const later = new StreamHub(store, { keepAliveIntervalMs: 60_000 });
    await later.start();
    const sink = new RecordingSink({ withRetry: false });
    later.open({ windowS: 300 }, sink);
    await sink.written;
    await store.append([{ series: 'y', value: 1 }]);
    await later.flush();
    expect(sink.summary()).toEqual(['snapshot 1', 'samples 2']);
    later.closeAll();
  });
});
