import type { SamplesPayload, SeriesInfo } from '@/lib/protocol';
import { StreamEvent, shutdownRetryMs } from '@/lib/protocol';
import type { MetricStore, StoredSample } from '@/lib/store/metric-store';
import {
  concatBytes,
  formatEvent,
  formatEventWithoutId,
  formatRetry,
  formatShutdown,
  KEEPALIVE_COMMENT,
} from './sse-format';
import type { StreamSink } from './stream-sink';
import { readReplay, readSnapshot } from './stream-start';

/** Most rows read from the store in one go when new samples are committed. */
export const FLUSH_BATCH_MAX_ROWS = 5000;
/** Commits closer together than this, in milliseconds, reach streams as one event. */
export const STREAM_COALESCE_WINDOW_MS = 20;
/** Base of the `retry:` sent to each stream, in milliseconds; up to as much again is jitter. */
export const STREAM_RETRY_BASE_MS = 1000;

export type StreamHubOptions = {
  /** Period of the keep-alive comment, in milliseconds. Default 15000. */
  keepAliveIntervalMs?: number;
  /** Called after each fan-out with the time from noticing the commit to the last write, in ms. */
  onFanOut?: (latencyMs: number) => void;
};

/** What a client asked for. */
export type StreamRequest = {
  /** Snapshot window, in seconds. */
  windowS: number;
  /** Only these series (undefined: all). */
  series?: readonly string[];
  /** Resume cursor from `Last-Event-ID` or `?lastEventId`. */
  lastEventId?: number;
};

/** Counters a test or a benchmark can read: a change costs one read and one serialization. */
export type StreamHubStats = {
  /** Store reads done to fan out new samples (not counting snapshots and replays). */
  fanoutReads: number;
  /** Events serialised for fan-out (one per batch and distinct `series` filter). */
  fanoutSerializations: number;
  snapshotsSent: number;
  replaysSent: number;
  slowReadersDropped: number;
  /** Events written to streams (each stream counts once per event). */
  eventsSent: number;
  /** Bytes written to streams, keep-alives included. */
  bytesSent: number;
};

type Stream = { sink: StreamSink; group: Group };
type Group = { key: string; filter: Set<string> | undefined; streams: Set<Stream> };

/**
 * Fans committed samples out to every open SSE stream: on a change, new rows are read once
 * and the same bytes go to every stream of a filter group. Never a query per client.
 */
export class StreamHub {
  readonly #store: MetricStore;
  readonly #groups = new Map<string, Group>();
  readonly #knownSeries = new Set<string>();
  readonly #keepAliveMs: number;
  readonly #onFanOut: ((latencyMs: number) => void) | undefined;
  #noticedAt: number | undefined;
  #lastSeq: number;
  #size = 0;
  #flushTimer: NodeJS.Timeout | undefined;
  #flushImmediate: NodeJS.Immediate | undefined;
  #lastFlushAt = Number.NEGATIVE_INFINITY;
  #unsubscribe: (() => void) | undefined;
  #keepAlive: NodeJS.Timeout | undefined;
  /** Set by closeAll(): the server is shutting down. */
  #retryAfterClose: (() => number) | undefined;
  readonly stats: StreamHubStats = {
    fanoutReads: 0,
    fanoutSerializations: 0,
    snapshotsSent: 0,
    replaysSent: 0,
    slowReadersDropped: 0,
    eventsSent: 0,
    bytesSent: 0,
  };

  constructor(store: MetricStore, options: StreamHubOptions = {}) {
    this.#store = store;
    this.#keepAliveMs = options.keepAliveIntervalMs ?? 15_000;
    this.#onFanOut = options.onFanOut;
    this.#lastSeq = store.lastSeq();
    for (const s of store.listSeries()) this.#knownSeries.add(s.name);
  }

  /** Subscribes to the store and starts the shared keep-alive timer. */
  start(): void {
    this.#unsubscribe ??= this.#store.subscribe(() => this.#scheduleFlush());
    this.#keepAlive ??= setInterval(() => this.#writeAll(KEEPALIVE_COMMENT), this.#keepAliveMs);
  }

  /** Number of open streams. */
  get size(): number {
    return this.#size;
  }

  /** The cursor every open stream has been sent up to. */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  /**
   * Registers a stream, then sends `retry`, and a replay or a snapshot exact at the hub's
   * cursor: rows committed after it reach the stream through the fan-out, so none is lost.
   * Returns the function that unregisters it (idempotent).
   */
  open(request: StreamRequest, sink: StreamSink): () => void {
    if (this.#retryAfterClose) {
      // Opened on a kept-alive connection after closeAll(): send it away at once.
      sink.write(formatShutdown(this.#retryAfterClose()));
      sink.close();
      return () => {};
    }
    // A cursor from an ingest answer can be ahead of a fan-out still in its coalescing window.
    if (request.lastEventId !== undefined && request.lastEventId > this.#lastSeq) this.flush();
    const stream = this.#register(request.series, sink);
    const upToSeq = this.#lastSeq;
    const replay = readReplay(this.#store, request, upToSeq);
    if (replay) this.stats.replaysSent++;
    else this.stats.snapshotsSent++;
    const first = replay ?? readSnapshot(this.#store, request, upToSeq);
    const retry = formatRetry(STREAM_RETRY_BASE_MS + Math.random() * STREAM_RETRY_BASE_MS);
    const bytes = first ? concatBytes([retry, first]) : retry;
    if (first && first.byteLength > 0) this.stats.eventsSent++;
    this.stats.bytesSent += bytes.byteLength;
    if (!sink.write(bytes)) this.#drop(stream);
    return () => this.#remove(stream);
  }

  /**
   * Sends one named event (`event: <eventName>`, JSON `data:`, no `id:` so no client's resume
   * cursor moves) to every open stream, whatever its series filter: serialised once.
   */
  broadcast(eventName: string, payload: unknown): void {
    const bytes = formatEventWithoutId(eventName, payload);
    this.stats.eventsSent += this.#size;
    this.#writeAll(bytes);
  }

  /** Reads what was committed since the cursor, once, and writes it to every stream. */
  flush(): void {
    this.#cancelFlush();
    this.#lastFlushAt = performance.now();
    const noticedAt = this.#noticedAt ?? this.#lastFlushAt;
    this.#noticedAt = undefined;
    let sent = false;
    for (;;) {
      const rows = this.#store.readAfter(this.#lastSeq, FLUSH_BATCH_MAX_ROWS);
      this.stats.fanoutReads++;
      if (rows.length === 0) break;
      const last = rows[rows.length - 1] as StoredSample;
      this.#lastSeq = last.seq;
      sent = this.#fanOut(rows, last.seq) || sent;
      if (rows.length < FLUSH_BATCH_MAX_ROWS) break;
    }
    if (sent) this.#onFanOut?.(performance.now() - noticedAt);
  }

  /**
   * Shutdown: stops the timers, then ends every stream (and any opened later) after its own
   * jittered `retry:` and `event: shutdown` (`retryMs` draws one value per stream).
   */
  closeAll(retryMs: () => number = shutdownRetryMs): void {
    this.stop();
    this.#retryAfterClose = retryMs;
    for (const group of this.#groups.values()) {
      for (const stream of group.streams) {
        stream.sink.write(formatShutdown(retryMs()));
        stream.sink.close();
      }
      group.streams.clear();
    }
    this.#groups.clear();
    this.#size = 0;
  }

  /** Stops listening for changes and the keep-alive timer; open streams stay registered. */
  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    clearInterval(this.#keepAlive);
    this.#keepAlive = undefined;
    this.#cancelFlush();
  }

  /** Timers and listeners the hub holds (for leak tests). */
  get activeHandles(): { streams: number; groups: number; keepAlive: boolean } {
    return {
      streams: this.#size,
      groups: this.#groups.size,
      keepAlive: this.#keepAlive !== undefined,
    };
  }

  /**
   * A commit after a quiet spell is sent at once; commits within STREAM_COALESCE_WINDOW_MS of
   * the last flush wait for the window to end and go out together as one event.
   */
  #scheduleFlush(): void {
    this.#noticedAt ??= performance.now();
    if (this.#flushTimer || this.#flushImmediate) return;
    const wait = this.#lastFlushAt + STREAM_COALESCE_WINDOW_MS - performance.now();
    // setImmediate runs right after this turn's I/O; setTimeout(0) would add about 1 ms.
    if (wait > 0) this.#flushTimer = setTimeout(() => this.flush(), wait);
    else this.#flushImmediate = setImmediate(() => this.flush());
  }

  #cancelFlush(): void {
    clearTimeout(this.#flushTimer);
    clearImmediate(this.#flushImmediate);
    this.#flushTimer = undefined;
    this.#flushImmediate = undefined;
  }

  /** Writes one batch to every group that wants some of it; true when anything was sent. */
  #fanOut(rows: readonly StoredSample[], seq: number): boolean {
    const fresh = this.#newSeries(rows);
    let sent = false;
    for (const group of this.#groups.values()) {
      const samples = [];
      for (const r of rows) {
        if (!group.filter || group.filter.has(r.series)) {
          samples.push({ series: r.series, ts: r.ts, value: r.value });
        }
      }
      if (samples.length === 0) continue;
      const payload: SamplesPayload = { seq, samples };
      const series = group.filter ? fresh.filter((s) => group.filter?.has(s.name)) : fresh;
      if (series.length > 0) payload.series = series;
      const bytes = formatEvent(StreamEvent.Samples, seq, payload);
      this.stats.fanoutSerializations++;
      this.stats.eventsSent += group.streams.size;
      this.stats.bytesSent += bytes.byteLength * group.streams.size;
      sent ||= group.streams.size > 0;
      for (const stream of group.streams) {
        if (!stream.sink.write(bytes)) this.#drop(stream);
      }
    }
    return sent;
  }

  #newSeries(rows: readonly StoredSample[]): SeriesInfo[] {
    const names = new Set<string>();
    for (const r of rows) if (!this.#knownSeries.has(r.series)) names.add(r.series);
    if (names.size === 0) return [];
    for (const name of names) this.#knownSeries.add(name);
    return this.#store.listSeries().filter((s) => names.has(s.name));
  }

  #register(series: readonly string[] | undefined, sink: StreamSink): Stream {
    const filter = series ? new Set(series) : undefined;
    const key = filter ? [...filter].sort().join(',') : '*';
    let group = this.#groups.get(key);
    if (!group) {
      group = { key, filter, streams: new Set() };
      this.#groups.set(key, group);
    }
    const stream: Stream = { sink, group };
    group.streams.add(stream);
    this.#size++;
    return stream;
  }

  #remove(stream: Stream): void {
    if (!stream.group.streams.delete(stream)) return;
    this.#size--;
    if (stream.group.streams.size === 0) this.#groups.delete(stream.group.key);
  }

  #drop(stream: Stream): void {
    this.stats.slowReadersDropped++;
    this.#remove(stream);
    stream.sink.close('slow_reader');
  }

  #writeAll(bytes: Uint8Array): void {
    this.stats.bytesSent += bytes.byteLength * this.#size;
    for (const group of this.#groups.values()) {
      for (const stream of group.streams) {
        if (!stream.sink.write(bytes)) this.#drop(stream);
      }
    }
  }
}
