import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqliteMetricStore } from '@/lib/store/sqlite/sqlite-metric-store';
import { SqliteRetentionStore } from '@/lib/store/sqlite/sqlite-retention-store';
import type { StreamHub, StreamRequest } from './stream-hub';
import { openSqliteHub, openStreamOn, type RecordingSink } from './stream-hub.test-helpers';
import { STREAM_REPLAY_MAX_SAMPLES } from './stream-resume';

let temp: Awaited<ReturnType<typeof openSqliteHub>>['temp'];
let store: SqliteMetricStore;
let hub: StreamHub;
let close: () => Promise<void>;

beforeEach(async () => {
  ({ temp, store, hub, close } = await openSqliteHub());
});
afterEach(() => close());

/** Opens a stream and waits for its first write (retry and first event). */
const openStream = (request: StreamRequest, sink?: RecordingSink) =>
  openStreamOn(hub, request, sink);

describe('StreamHub', () => {
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

  it("names the database epoch in a snapshot, replays a cursor of that epoch, and sends a snapshot for another epoch's cursor", async () => {
    const epoch = await store.epoch();
    const first = await openStream({ windowS: 300 });
    expect(first.events()[1]).toMatchObject({ event: 'snapshot', data: { epoch } });
    await store.append([
      { series: 'a', value: 1 },
      { series: 'a', value: 2 },
    ]);
    await hub.flush();
    const same = await openStream({ windowS: 300, lastEventId: 1, lastEpoch: epoch });
    expect(same.events()[1]).toMatchObject({ event: 'samples', id: '2' });
    const other = await openStream({ windowS: 300, lastEventId: 1, lastEpoch: 'ffffffffffffffff' });
    expect(other.events()[1]).toMatchObject({ event: 'snapshot', id: '2', data: { epoch } });
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
});
