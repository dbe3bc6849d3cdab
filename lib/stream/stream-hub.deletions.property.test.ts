import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MemoryDatabase } from '@/lib/testing/memory-database';
import { STREAM_COALESCE_WINDOW_MS, type StreamRequest } from './stream-hub';
import { type Event, RecordingSink, scheduledMemoryHub, settle } from './stream-hub.test-helpers';

const SERIES = ['a', 'b', 'c'] as const;
/** A window that holds every sample of a run (their timestamps are small numbers). */
const WINDOW_S = 10_000_000_000;

type Name = (typeof SERIES)[number];
type Command =
  | { kind: 'append'; series: Name[] }
  | { kind: 'delete'; series: Name }
  | { kind: 'open'; filter: Name[] | undefined; resume: 'none' | 'cursor' | 'newest'; at: number }
  | { kind: 'close'; index: number }
  | { kind: 'flush' }
  | { kind: 'tick'; ms: number };

const seriesArb = fc.constantFrom(...SERIES);
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('append' as const),
      series: fc.array(seriesArb, { minLength: 1, maxLength: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('delete' as const), series: seriesArb }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('open' as const),
      filter: fc.option(fc.uniqueArray(seriesArb, { minLength: 1, maxLength: 2 }), {
        nil: undefined,
      }),
      resume: fc.constantFrom('none' as const, 'cursor' as const, 'newest' as const),
      at: fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), index: fc.nat() }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'flush' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('tick' as const),
      ms: fc.integer({ min: 0, max: 30 }),
    }),
  },
);

type Opened = {
  request: StreamRequest;
  sink: RecordingSink;
  release: () => void;
  released: boolean;
};

afterEach(() => {
  vi.useRealTimers();
});

/** Runs `commands` against a hub over the memory store, every store call delayed at random. */
async function run(s: fc.Scheduler, commands: readonly Command[]) {
  const { db, store, hub } = scheduledMemoryHub(s);
  void hub.start();
  const opened: Opened[] = [];
  let value = 0;
  for (const command of commands) {
    void s.schedule(Promise.resolve(), command.kind).then(() => {
      switch (command.kind) {
        case 'append':
          void store
            .append(command.series.map((series) => ({ series, value: ++value, ts: value })))
            .catch(() => {});
          break;
        case 'delete':
          // What DELETE /api/series does: delete, then a flush that announces it.
          void store.deleteSeries(command.series).then(() => hub.flush());
          break;
        case 'open': {
          const request: StreamRequest = { windowS: WINDOW_S };
          if (command.filter) request.series = command.filter;
          if (command.resume === 'cursor')
            request.lastEventId = Math.round(command.at * db.lastSeq);
          if (command.resume === 'newest') request.lastEventId = db.lastSeq;
          const sink = new RecordingSink({ withRetry: false });
          const entry: Opened = { request, sink, release: () => {}, released: false };
          entry.release = hub.open(request, sink);
          opened.push(entry);
          break;
        }
        case 'close': {
          const entry = opened[command.index % Math.max(1, opened.length)];
          if (!entry || entry.released) break;
          entry.release();
          entry.released = true;
          break;
        }
        case 'flush':
          void hub.flush();
          break;
        case 'tick':
          vi.advanceTimersByTime(command.ms);
          break;
      }
    });
  }
  await settle(s);
  for (let round = 0; round < 100 && hub.lastSeq < db.lastSeq; round++) {
    vi.advanceTimersByTime(STREAM_COALESCE_WINDOW_MS + 1);
    await settle(s);
  }
  // Deletions after the last row: one more flush announces them.
  void hub.flush();
  await settle(s);
  hub.closeAll(() => 1000);
  return { db, opened };
}

/**
 * What a client holds after applying its events (a snapshot resets, samples add, a deletion
 * removes the series), and the seq of every row it got live, in order, with each deletion's
 * place among them.
 */
function replayClient(db: MemoryDatabase, request: StreamRequest, events: readonly Event[]) {
  const seqOf = new Map(db.committed.map((r) => [r.value, r.seq]));
  const held = new Map<string, number[]>();
  const cursor = request.lastEventId;
  if (cursor !== undefined && events[0]?.event !== 'snapshot') {
    // Resumed without a snapshot: the client held the rows up to its cursor, less those of
    // series it heard were deleted (a deletion before its cursor); the ones deleted at or after
    // its cursor it still holds, and must be told of (or get a snapshot).
    const filter = request.series ? new Set(request.series) : undefined;
    for (const r of db.committed) {
      if (r.seq > cursor || (filter && !filter.has(r.series))) continue;
      const deletedAt = db.seriesDeletions
        .filter((d) => d.name === r.series && d.seq >= r.seq)
        .map((d) => d.seq)
        .sort((x, y) => x - y)[0];
      if (deletedAt !== undefined && deletedAt < cursor) continue;
      held.set(r.series, [...(held.get(r.series) ?? []), r.value]);
    }
  }
  const order: ({ row: number; series: string } | { deleted: string })[] = [];
  for (const e of events) {
    if (e.event === 'snapshot') {
      held.clear();
      const data = e.data as { series: { name: string; points: [number, number][] }[] };
      for (const s of data.series)
        held.set(
          s.name,
          s.points.map(([, v]) => v),
        );
    } else if (e.event === 'samples') {
      const data = e.data as { samples: { series: string; value: number }[] };
      for (const x of data.samples) {
        held.set(x.series, [...(held.get(x.series) ?? []), x.value]);
        order.push({ row: seqOf.get(x.value) as number, series: x.series });
      }
    } else if (e.event === 'series-deleted') {
      const name = (e.data as { series: string }).series;
      held.delete(name);
      order.push({ deleted: name });
    }
  }
  return { held, order };
}

describe('StreamHub and series deletions over a store whose every call is delayed at random', () => {
  it('announces each deletion between the rows up to its seq and the later ones, and every open client ends holding exactly what is stored', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(commandArb, { minLength: 1, maxLength: 30 }),
        async (s, commands) => {
          const { db, opened } = await run(s, commands);
          for (const { request, sink, released } of opened) {
            const events = sink.events().filter((e) => e.event !== 'shutdown');
            const { held, order } = replayClient(db, request, events);
            // Each announcement comes after no row past its deletion's seq, and no row of the
            // deleted series up to that seq follows it (those are the old series').
            for (const [i, item] of order.entries()) {
              if (!('deleted' in item)) continue;
              const before = order.slice(0, i).flatMap((o) => ('row' in o ? [o.row] : []));
              const maxBefore = Math.max(0, ...before);
              const seq = db.seriesDeletions
                .filter((x) => x.name === item.deleted && x.seq >= maxBefore)
                .map((x) => x.seq)
                .sort((x, y) => x - y)[0];
              expect(seq, `a deletion of ${item.deleted} at or after ${maxBefore}`).toBeDefined();
              const stale = order
                .slice(i + 1)
                .filter((o) => 'row' in o && o.row <= (seq as number) && o.series === item.deleted);
              expect(stale).toEqual([]);
            }
            if (released || events.length === 0) continue;
            const filter = request.series ? new Set(request.series) : undefined;
            const expected = new Map<string, number[]>();
            for (const r of db.samples) {
              if (filter && !filter.has(r.series)) continue;
              expected.set(r.series, [...(expected.get(r.series) ?? []), r.value]);
            }
            const sorted = (m: Map<string, number[]>) =>
              Object.fromEntries(
                [...m]
                  .filter(([, values]) => values.length > 0)
                  .map(([name, values]) => [name, [...values].sort((x, y) => x - y)])
                  .sort(([x], [y]) => (String(x) < String(y) ? -1 : 1)),
              );
            expect(sorted(held)).toEqual(sorted(expected));
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
