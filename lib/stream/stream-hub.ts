import { errorFields, log } from '@/lib/logger';
import { shutdownRetryMs } from '@/lib/protocol';
import type { MetricStore, StoredSample } from '@/lib/store/metric-store';
import { SingleFlight } from './single-flight';
import { concatBytes, formatEventWithoutId, formatRetry, formatShutdown } from './sse-format';
import {
  createStreamHubStats,
  type Stream,
  StreamGroups,
  type StreamHubStats,
} from './stream-groups';
import type { StreamRequest } from './stream-request';
import { readFirstEvent } from './stream-resume';
import type { StreamSink } from './stream-sink';

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
  /** Called with each batch of committed rows read, in seq order (alerts: lib/alerts). */
  onRows?: (rows: readonly StoredSample[]) => void;
};

export type { StreamRequest } from './stream-request';

/**
 * Fans committed samples out to every open SSE stream: on a change, new rows are read once
 * and the same bytes go to every stream of a filter group. Never a query per client.
 *
 * The store is async, so nothing relies on "all in one tick": a stream joins its group at the
 * hub's cursor before its first event is read (exact at that cursor); the fan-out batches that
 * arrive meanwhile (all past that cursor) are buffered and sent right after it. No gap, no
 * duplicate. One fan-out read is in flight at a time.
 */
export class StreamHub {
  readonly #store: MetricStore;
  readonly #keepAliveMs: number;
  readonly #onFanOut: ((latencyMs: number) => void) | undefined;
  readonly #onRows: StreamHubOptions['onRows'];
  readonly #flight = new SingleFlight(
    () => this.#readAndFanOut(),
    () => this.#afterFlush(),
  );
  /** Newest version sent per versioned broadcast event (`layout`). */
  readonly #broadcastVersions = new Map<string, number>();
  /** Counters a test or a benchmark can read: a change costs one read and one serialization. */
  readonly stats: StreamHubStats = createStreamHubStats();
  readonly #streams = new StreamGroups(this.stats);
  #loaded: Promise<void> | undefined;
  #ready = false;
  #noticedAt: number | undefined;
  /** A change was noticed while a fan-out read was in flight: one more flush follows it. */
  #dirty = false;
  #lastSeq = 0;
  /** The database epoch (read once with the cursor): cursors of another epoch get a snapshot. */
  #epoch = '';
  /** The last series deletion announced (`event: series-deleted`). */
  #lastDeletionId = 0;
  #flushTimer: NodeJS.Timeout | undefined;
  #flushImmediate: NodeJS.Immediate | undefined;
  #lastFlushAt = Number.NEGATIVE_INFINITY;
  #unsubscribe: (() => void) | undefined;
  #keepAlive: NodeJS.Timeout | undefined;
  /** Set by closeAll(): the server is shutting down. */
  #retryAfterClose: (() => number) | undefined;

  constructor(store: MetricStore, options: StreamHubOptions = {}) {
    this.#store = store;
    this.#keepAliveMs = options.keepAliveIntervalMs ?? 15_000;
    this.#onFanOut = options.onFanOut;
    this.#onRows = options.onRows;
  }

  /**
   * Subscribes to the store, starts the shared keep-alive timer, and reads the store's cursor
   * and series (resolves when read; streams opened meanwhile wait for it).
   */
  start(): Promise<void> {
    this.#unsubscribe ??= this.#store.subscribe(() => this.#scheduleFlush());
    this.#keepAlive ??= setInterval(() => this.#streams.keepAlive(), this.#keepAliveMs);
    return this.#load();
  }

  /** Number of open streams (opening ones included). */
  get size(): number {
    return this.#streams.size;
  }

  /** The cursor every open stream has been sent (or has buffered) up to. */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  /**
   * Registers a stream at the hub's cursor, then sends `retry`, a replay or a snapshot exact at
   * that cursor, and what the fan-out sent meanwhile: rows committed after the cursor reach
   * the stream exactly once. A resume cursor ahead of the hub (from an ingest answer still in
   * the coalescing window) first waits for a flush. Returns the function that unregisters the
   * stream (idempotent; after it nothing more is written).
   */
  open(request: StreamRequest, sink: StreamSink): () => void {
    if (this.#retryAfterClose) {
      // Opened on a kept-alive connection after closeAll(): send it away at once.
      sink.write(formatShutdown(this.#retryAfterClose()));
      sink.close();
      return () => {};
    }
    const stream = this.#streams.add(sink);
    void this.#begin(stream, request);
    return () => this.#streams.remove(stream);
  }

  /**
   * Sends one named event (`event: <eventName>`, JSON `data:`, no `id:`) to every open stream,
   * serialised once. With a `version`, an event not newer than the last one sent under
   * `versionKey` (default: the event name; each board has its own) is dropped.
   */
  broadcast(eventName: string, payload: unknown, version?: number, versionKey = eventName): void {
    if (version !== undefined) {
      const sent = this.#broadcastVersions.get(versionKey);
      if (sent !== undefined && version <= sent) return;
      this.#broadcastVersions.set(versionKey, version);
    }
    this.#streams.deliverToAll(formatEventWithoutId(eventName, payload));
  }

  /**
   * Reads what was committed since the cursor, once, and writes it to every stream. Resolves
   * when a read that started after this call has been fanned out (one read in flight at a time).
   */
  flush(): Promise<void> {
    this.#cancelFlush();
    return this.#flight.run();
  }

  /**
   * Shutdown: stops the timers, then ends every stream (and any opened later) after its own
   * jittered `retry:` and `event: shutdown` (`retryMs` draws one value per stream).
   */
  closeAll(retryMs: () => number = shutdownRetryMs): void {
    this.stop();
    this.#retryAfterClose = retryMs;
    for (const stream of this.#streams.takeAll()) {
      stream.sink.write(formatShutdown(retryMs()));
      stream.sink.close();
    }
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
      streams: this.#streams.size,
      groups: this.#streams.groupCount,
      keepAlive: this.#keepAlive !== undefined,
    };
  }

  /** Reads the store's cursor and known series, once. */
  #load(): Promise<void> {
    this.#loaded ??= (async () => {
      // Deletions first: one made after this read is announced by the first flush (and the
      // series forgotten), even if the series is among those read next.
      const deletionId = await this.#store.lastDeletionId();
      // Series before the cursor: one created between the two reads is then unknown, and
      // described when its rows are fanned out (the other order could leave it undescribed).
      const series = await this.#store.listSeries();
      const seq = await this.#store.lastSeq();
      this.#epoch = await this.#store.epoch();
      this.#streams.knowSeries(series.map((s) => s.name));
      this.#lastSeq = Math.max(this.#lastSeq, seq);
      this.#lastDeletionId = Math.max(this.#lastDeletionId, deletionId);
      this.#ready = true;
    })();
    return this.#loaded;
  }

  async #begin(stream: Stream, request: StreamRequest): Promise<void> {
    try {
      if (!this.#ready) await this.#load();
      // A cursor from an ingest answer can be ahead of a fan-out still in its coalescing window.
      if (request.lastEventId !== undefined && request.lastEventId > this.#lastSeq) {
        await this.flush();
      }
      if (isClosed(stream)) return; // closed meanwhile
      this.#streams.register(stream, request.series, this.#lastSeq);
      const upToSeq = this.#lastSeq;
      const first = await readFirstEvent(this.#store, request, upToSeq, this.#epoch);
      if (isClosed(stream)) return; // closed (or dropped) while reading
      if (first.kind === 'replay') this.stats.replaysSent++;
      else this.stats.snapshotsSent++;
      const retry = formatRetry(STREAM_RETRY_BASE_MS + Math.random() * STREAM_RETRY_BASE_MS);
      if (first.bytes.byteLength > 0) this.stats.eventsSent++;
      this.stats.bytesSent += retry.byteLength + first.bytes.byteLength;
      const bytes = concatBytes(this.#streams.goLive(stream, [retry, first.bytes]));
      if (!stream.sink.write(bytes)) this.#streams.drop(stream);
    } catch (error) {
      if (stream.state === 'closed') return;
      log.warn('stream open failed', errorFields(error));
      this.#streams.remove(stream);
      stream.sink.close('server_closed');
    }
  }

  /**
   * A commit after a quiet spell is sent at once; commits within STREAM_COALESCE_WINDOW_MS of
   * the last flush wait for the window to end and go out together as one event. A commit
   * noticed while a read is in flight is read by exactly one more flush after it.
   */
  #scheduleFlush(): void {
    this.#noticedAt ??= performance.now();
    if (this.#flight.running) {
      this.#dirty = true;
      return;
    }
    if (this.#flushTimer || this.#flushImmediate) return;
    const wait = this.#lastFlushAt + STREAM_COALESCE_WINDOW_MS - performance.now();
    // setImmediate runs right after this turn's I/O; setTimeout(0) would add about 1 ms.
    if (wait > 0) this.#flushTimer = setTimeout(() => this.#timedFlush(), wait);
    else this.#flushImmediate = setImmediate(() => this.#timedFlush());
  }

  #timedFlush(): void {
    this.#flushTimer = undefined;
    this.#flushImmediate = undefined;
    void this.#flight.run();
  }

  #afterFlush(): void {
    if (!this.#dirty) return;
    this.#dirty = false;
    if (this.#unsubscribe) this.#scheduleFlush();
  }

  #cancelFlush(): void {
    clearTimeout(this.#flushTimer);
    clearImmediate(this.#flushImmediate);
    this.#flushTimer = undefined;
    this.#flushImmediate = undefined;
  }

  /** One flush: reads batches after the cursor until caught up, fanning each out. */
  async #readAndFanOut(): Promise<void> {
    // This read starts now: it covers every change noticed so far.
    this.#dirty = false;
    this.#lastFlushAt = performance.now();
    const noticedAt = this.#noticedAt ?? this.#lastFlushAt;
    this.#noticedAt = undefined;
    let sent = false;
    try {
      if (!this.#ready) await this.#load();
      for (;;) {
        const rows = await this.#store.readAfter(this.#lastSeq, FLUSH_BATCH_MAX_ROWS);
        // After the rows: a deletion committed before any of them is among these.
        const deletions = await this.#store.deletionsAfter(this.#lastDeletionId);
        this.stats.fanoutReads++;
        const last = rows.at(-1);
        // The cursor and the fan-out move together, with no await between: a stream
        // registered at any moment is at a cursor whose later rows all reach it.
        if (last) this.#lastSeq = last.seq;
        this.#lastDeletionId = deletions.at(-1)?.id ?? this.#lastDeletionId;
        sent = this.#streams.fanOutAround(rows, deletions) || sent;
        if (rows.length > 0) this.#onRows?.(rows);
        if (rows.length < FLUSH_BATCH_MAX_ROWS) break;
      }
    } catch (error) {
      log.warn('stream fan-out read failed', errorFields(error));
    }
    if (sent) this.#onFanOut?.(performance.now() - noticedAt);
  }
}

/** Whether the stream was closed (a read in flight does not narrow away a concurrent close). */
function isClosed(stream: Stream): boolean {
  return stream.state === 'closed';
}
