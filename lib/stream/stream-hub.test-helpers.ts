/**
 * Helpers shared by the StreamHub tests: a recording sink that parses what it was written as
 * SSE events, hub construction over a temporary SQLite database or over the memory store with
 * every call delayed by the fast-check scheduler, and a scheduler settle loop.
 */
import type fc from 'fast-check';
import { vi } from 'vitest';
import type { MetricStore } from '@/lib/store/metric-store';
import { SqliteMetricStore } from '@/lib/store/sqlite/sqlite-metric-store';
import { MemoryDatabase } from '@/lib/testing/memory-database';
import { openMemoryStores } from '@/lib/testing/memory-stores';
import { fastCheckCalls, scheduledStore } from '@/lib/testing/scheduled-stores';
import { openTempDatabase } from '@/lib/testing/temp-database';
import { StreamHub, type StreamRequest } from './stream-hub';
import type { StreamCloseReason, StreamSink } from './stream-sink';

export type Event = { event?: string; id?: string; data?: unknown; retry?: string };

/** Parses SSE bytes into events (comments left out; retry lines too unless `withRetry`). */
export function parseSseEvents(chunks: readonly Uint8Array[], withRetry = true): Event[] {
  const text = chunks.map((c) => new TextDecoder().decode(c)).join('');
  return text
    .split('\n\n')
    .filter(
      (block) =>
        block.trim() && !block.startsWith(':') && (withRetry || !block.startsWith('retry')),
    )
    .map((block) => {
      const e: Event = {};
      for (const line of block.split('\n')) {
        const [field, ...rest] = line.split(': ');
        const value = rest.join(': ');
        if (field === 'data') e.data = JSON.parse(value);
        else if (field === 'event' || field === 'id' || (withRetry && field === 'retry'))
          e[field] = value;
      }
      return e;
    });
}

/**
 * A sink that records what it was written, as bytes and as parsed SSE events, how it was closed,
 * and whether anything came after it was marked released.
 */
export class RecordingSink implements StreamSink {
  readonly chunks: Uint8Array[] = [];
  closed = false;
  closeReason: StreamCloseReason | undefined;
  accept = true;
  released = false;
  writesAfterRelease = 0;
  readonly #withRetry: boolean;
  #wrote = () => {};
  /** Resolves at the first write (the stream's retry and first event, or its shutdown). */
  readonly written = new Promise<void>((resolve) => {
    this.#wrote = resolve;
  });
  /** `withRetry: false` leaves retry lines out of `events()`. */
  constructor({ withRetry = true }: { withRetry?: boolean } = {}) {
    this.#withRetry = withRetry;
  }
  write(chunk: Uint8Array): boolean {
    if (this.released) this.writesAfterRelease++;
    this.chunks.push(chunk);
    this.#wrote();
    return this.accept;
  }
  close(reason?: StreamCloseReason): void {
    this.closed = true;
    this.closeReason = reason;
  }
  events(): Event[] {
    return parseSseEvents(this.chunks, this.#withRetry);
  }
  /** Each event as `name id` (and the deleted series), for order checks. */
  summary(): string[] {
    return this.events().map((e) =>
      e.event === 'series-deleted'
        ? `series-deleted ${(e.data as { series: string }).series}${e.id ? ` id ${e.id}` : ''}`
        : `${e.event} ${e.id}`,
    );
  }
}

/** A started hub over a SQLite store on a temporary database; `close` ends it all. */
export async function openSqliteHub() {
  const temp = openTempDatabase();
  const store = new SqliteMetricStore(temp.db);
  const hub = new StreamHub(store, { keepAliveIntervalMs: 60_000 });
  await hub.start();
  const close = async () => {
    hub.closeAll();
    await store.close();
    temp.dispose();
  };
  return { temp, store, hub, close };
}

/** Opens a stream on `hub` and waits for its first write (retry and first event). */
export async function openStreamOn(
  hub: StreamHub,
  request: StreamRequest,
  sink = new RecordingSink(),
): Promise<RecordingSink> {
  hub.open(request, sink);
  await sink.written;
  return sink;
}

/**
 * Fakes the timers and builds a hub (not yet started) over the memory store with every store
 * call delayed by the fast-check scheduler `s`.
 */
export function scheduledMemoryHub(s: fc.Scheduler) {
  vi.useFakeTimers({
    toFake: [
      'setTimeout',
      'clearTimeout',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'performance',
    ],
  });
  const db = new MemoryDatabase();
  const engine = openMemoryStores(db);
  const store = scheduledStore<MetricStore>(engine.metrics, fastCheckCalls(s));
  const hub = new StreamHub(store, { keepAliveIntervalMs: 1_000_000_000 });
  return { db, engine, store, hub };
}

/** Releases scheduled tasks until none is left, letting the microtasks they start run too. */
export async function settle(s: fc.Scheduler): Promise<void> {
  for (let round = 0; round < 1000; round++) {
    await s.waitAll();
    for (let i = 0; i < 20; i++) await Promise.resolve();
    if (s.count() === 0) return;
  }
  throw new Error('the scheduler did not settle');
}
