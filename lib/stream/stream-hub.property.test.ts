import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MemoryDatabase } from '@/lib/testing/memory-database';
import { STREAM_COALESCE_WINDOW_MS, type StreamRequest } from './stream-hub';
import { RecordingSink, scheduledMemoryHub, settle } from './stream-hub.test-helpers';

const SERIES = ['a', 'b', 'c'] as const;
/** A window that holds every sample of a run (their timestamps are small numbers). */
const WINDOW_S = 10_000_000_000;

type Command =
  | { kind: 'append'; series: (typeof SERIES)[number][] }
  | {
      kind: 'open';
      filter: (typeof SERIES)[number][] | undefined;
      resume: 'none' | 'cursor' | 'newest';
      at: number;
    }
  | { kind: 'close'; index: number }
  | { kind: 'flush' }
  | { kind: 'tick'; ms: number }
  | { kind: 'retain'; upTo: number };

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
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('retain' as const), upTo: fc.nat({ max: 40 }) }),
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

/**
 * Runs `commands` against a hub over the memory store with every store call delayed by the
 * fast-check scheduler, lets everything settle, and returns what each stream received.
 */
async function run(s: fc.Scheduler, commands: readonly Command[]) {
  const { db, engine, store, hub } = scheduledMemoryHub(s);
  void hub.start();
  const opened: Opened[] = [];
  let value = 0;
  for (const command of commands) {
    void s.schedule(Promise.resolve(), command.kind).then(() => {
      switch (command.kind) {
        case 'append': {
          const samples = command.series.map((series) => {
            value++;
            return { series, value, ts: value };
          });
          void store.append(samples);
          break;
        }
        case 'open': {
          const request: StreamRequest = { windowS: WINDOW_S };
          if (command.filter) request.series = command.filter;
          // A cursor a client can hold: any seq the store has answered, or the newest one.
          if (command.resume === 'cursor')
            request.lastEventId = Math.round(command.at * db.lastSeq);
          if (command.resume === 'newest') request.lastEventId = db.lastSeq;
          const sink = new RecordingSink();
          const entry: Opened = {
            request,
            sink,
            release: () => {},
            released: false,
          };
          entry.release = hub.open(request, sink);
          opened.push(entry);
          break;
        }
        case 'close': {
          const entry = opened[command.index % Math.max(1, opened.length)];
          if (!entry || entry.released) break;
          entry.release();
          entry.released = true;
          entry.sink.released = true;
          break;
        }
        case 'flush':
          void hub.flush();
          break;
        case 'tick':
          vi.advanceTimersByTime(command.ms);
          break;
        case 'retain': {
          // Retention deletes old rows, never ones the hub has not sent yet: the cutoff is
          // taken, and the delete done, at one moment (timestamps here are not in seq order).
          const sent = db.samples.filter((r) => r.seq <= hub.lastSeq).slice(0, command.upTo);
          const unsent = db.samples.filter((r) => r.seq > hub.lastSeq).map((r) => r.ts);
          const cutoff = Math.min(Math.max(0, ...sent.map((r) => r.ts + 1)), ...unsent);
          void engine.retention.deleteExpired('raw', cutoff, 1000);
          break;
        }
      }
    });
  }
  await settle(s);
  // Only the timers now (no explicit flush): every change noticed, even during a flush, must
  // end up fanned out by the flushes they schedule.
  for (let round = 0; round < 100 && hub.lastSeq < db.lastSeq; round++) {
    vi.advanceTimersByTime(STREAM_COALESCE_WINDOW_MS + 1);
    await settle(s);
  }
  const result = { db, hub, opened };
  hub.closeAll(() => 1000);
  return result;
}

/** What a stream must see: its series, in seq order. */
function rowsFor(db: MemoryDatabase, request: StreamRequest) {
  const filter = request.series ? new Set(request.series) : undefined;
  return db.committed.filter((r) => !filter || filter.has(r.series));
}

/** Checks one stream: retry first, then an exact first event, then every later row once, in order. */
function checkStream(db: MemoryDatabase, opened: Opened, retained: boolean): void {
  const { request, sink, released } = opened;
  expect(sink.writesAfterRelease).toBe(0);
  const events = sink.events().filter((e) => e.event !== 'shutdown');
  if (released && events.length === 0) return;
  const [retry, ...rest] = events;
  if (!retry) return; // released before its first write
  expect(retry.retry).toBeDefined();
  const wanted = rowsFor(db, request);
  let cursor = request.lastEventId ?? 0;
  let live = rest;
  const first = rest[0];
  if (request.lastEventId !== undefined && !retained) {
    // Every row after a cursor the store has reached is kept: a replay, never a snapshot,
    // even when the cursor is ahead of the hub (an ingest answer in the coalescing window).
    expect(first?.event).not.toBe('snapshot');
  }
  if (first?.event === 'snapshot') {
    const at = Number(first.id);
    const data = first.data as { series: { name: string; points: [number, number][] }[] };
    const got = data.series.flatMap((s) => s.points.map(([, v]) => v)).sort((x, y) => x - y);
    const exact = wanted.filter((r) => r.seq <= at).map((r) => r.value);
    // Exact at its seq: nothing after it, everything up to it that retention left.
    expect(got.every((v) => exact.includes(v))).toBe(true);
    const kept = wanted
      .filter((r) => r.seq <= at && !db.deletedSeqs.has(r.seq))
      .map((r) => r.value);
    expect(kept.every((v) => got.includes(v))).toBe(true);
    cursor = at;
    live = rest.slice(1);
  } else if (first?.event === 'samples' && request.lastEventId !== undefined) {
    const at = Number(first.id);
    // A replay if it carries the rows up to its id; else it is already a live event.
    const replayed = (first.data as { samples: { value: number }[] }).samples.map((x) => x.value);
    const between = wanted.filter((r) => r.seq > cursor && r.seq <= at).map((r) => r.value);
    expect(replayed).toEqual(between); // complete: no gap after the cursor
    cursor = at;
    live = rest.slice(1);
  } else {
    expect(request.lastEventId).toBeDefined(); // only a resume may start with nothing
  }
  const got = live
    .filter((e) => e.event === 'samples')
    .flatMap((e) => (e.data as { samples: { value: number }[] }).samples.map((x) => x.value));
  const expected = wanted.filter((r) => r.seq > cursor).map((r) => r.value);
  if (released) expect(expected.slice(0, got.length)).toEqual(got);
  else expect(got).toEqual(expected);
  const ids = live.filter((e) => e.id !== undefined).map((e) => Number(e.id));
  expect(ids).toEqual([...ids].sort((x, y) => x - y));
}

describe('StreamHub over a store whose every call is delayed at random', () => {
  it('gives every stream each committed sample exactly once, in seq order, after its first event', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(commandArb, { minLength: 1, maxLength: 30 }),
        async (s, commands) => {
          const { db, hub, opened } = await run(s, commands);
          expect(hub.lastSeq).toBe(db.lastSeq);
          const retained = commands.some((c) => c.kind === 'retain');
          for (const entry of opened) checkStream(db, entry, retained);
          expect(hub.size).toBe(0);
          expect(hub.activeHandles.groups).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});
