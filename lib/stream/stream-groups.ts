import type { SamplesPayload, SeriesInfo } from '@/lib/protocol';
import { StreamEvent } from '@/lib/protocol';
import type { SeriesDeletionRecord, StoredSample } from '@/lib/store/metric-store';
import { splitAroundDeletions } from './series-deletions';
import { formatEvent, formatEventWithoutId, KEEPALIVE_COMMENT } from './sse-format';
import { describeSeries } from './stream-resume';
import { type StreamSink, withinQueueCap } from './stream-sink';

/**
 * One stream's life: `waiting` (not yet in a group: the hub catches up with a resume cursor
 * ahead of it), `opening` (in its group at the hub's cursor; its first event is being read and
 * what the fan-out sends meanwhile is buffered in `pending`), `live`, `closed`.
 */
export type Stream = {
  sink: StreamSink;
  group: Group | undefined;
  /** The hub's cursor when the stream joined its group: its first event is exact there. */
  since: number;
  state: 'waiting' | 'opening' | 'live' | 'closed';
  pending: Uint8Array[];
  pendingBytes: number;
};

/** The streams that asked for the same series: one serialisation per batch for all of them. */
export type Group = { key: string; filter: Set<string> | undefined; streams: Set<Stream> };

/** Counters a test or a benchmark can read: a change costs one read and one serialization. */
export type StreamHubStats = {
  /**
   * Store reads done to fan out new samples, each with the series deletions after it (not
   * counting snapshots and replays).
   */
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

/** Zeroed counters. */
export function createStreamHubStats(): StreamHubStats {
  return {
    fanoutReads: 0,
    fanoutSerializations: 0,
    snapshotsSent: 0,
    replaysSent: 0,
    slowReadersDropped: 0,
    eventsSent: 0,
    bytesSent: 0,
  };
}

/**
 * The hub's streams grouped by series filter, and how bytes reach them: written to a live
 * stream, buffered for an opening one, and a stream too far behind (its sink refuses, or its
 * buffer passes STREAM_MAX_QUEUED_BYTES) is dropped as a slow reader.
 */
export class StreamGroups {
  readonly #groups = new Map<string, Group>();
  readonly #waiting = new Set<Stream>();
  readonly #stats: StreamHubStats;
  /** Series already described to the streams (a batch describes the ones it brings first). */
  readonly #knownSeries = new Set<string>();
  #size = 0;

  constructor(stats: StreamHubStats) {
    this.#stats = stats;
  }

  /** Streams not closed (waiting, opening and live). */
  get size(): number {
    return this.#size;
  }

  get groupCount(): number {
    return this.#groups.size;
  }

  /** A new stream, waiting. */
  add(sink: StreamSink): Stream {
    const stream: Stream = {
      sink,
      group: undefined,
      since: 0,
      state: 'waiting',
      pending: [],
      pendingBytes: 0,
    };
    this.#size++;
    this.#waiting.add(stream);
    return stream;
  }

  /** Puts a waiting stream in the group of its series filter, opening, at the hub's cursor. */
  register(stream: Stream, series: readonly string[] | undefined, since: number): void {
    stream.since = since;
    const filter = series ? new Set(series) : undefined;
    const key = filter ? [...filter].sort().join(',') : '*';
    let group = this.#groups.get(key);
    if (!group) {
      group = { key, filter, streams: new Set() };
      this.#groups.set(key, group);
    }
    this.#waiting.delete(stream);
    stream.group = group;
    stream.state = 'opening';
    group.streams.add(stream);
  }

  /** Sends `head` and then what was buffered, and makes the stream live. */
  goLive(stream: Stream, head: readonly Uint8Array[]): Uint8Array[] {
    const chunks = [...head, ...stream.pending];
    stream.pending = [];
    stream.pendingBytes = 0;
    stream.state = 'live';
    return chunks;
  }

  /** Unregisters a stream (idempotent); nothing is written to it afterwards. */
  remove(stream: Stream): void {
    if (stream.state === 'closed') return;
    stream.state = 'closed';
    stream.pending = [];
    this.#size--;
    this.#waiting.delete(stream);
    const group = stream.group;
    if (!group) return;
    group.streams.delete(stream);
    if (group.streams.size === 0) this.#groups.delete(group.key);
  }

  /** Closes a stream that fell too far behind (`slow_reader`). */
  drop(stream: Stream): void {
    this.#stats.slowReadersDropped++;
    this.remove(stream);
    stream.sink.close('slow_reader');
  }

  /** Every stream not closed, and unregisters them all. */
  takeAll(): Stream[] {
    const all = [...this.#waiting];
    for (const group of this.#groups.values()) all.push(...group.streams);
    for (const stream of all) this.remove(stream);
    return all;
  }

  /** The same bytes to every stream in a group (buffered for opening ones). */
  deliverToAll(bytes: Uint8Array): void {
    for (const group of this.#groups.values()) {
      for (const stream of group.streams) this.#deliver(stream, bytes);
    }
  }

  /** Series the streams already know of (read from the store at start). */
  knowSeries(names: Iterable<string>): void {
    for (const name of names) this.#knownSeries.add(name);
  }

  /**
   * Writes a batch of rows and the deletions read after it: each deletion's
   * `event: series-deleted` (no `id:`, to every stream whose first event is not past it) goes
   * after the rows up to its seq and before the later ones (see splitAroundDeletions), and the
   * series is forgotten, so its next sample describes it again (a new series). True when any
   * stream got rows.
   */
  fanOutAround(rows: readonly StoredSample[], deletions: readonly SeriesDeletionRecord[]): boolean {
    let sent = false;
    splitAroundDeletions(
      rows,
      deletions,
      (segment) => {
        sent = this.fanOut(segment, (segment.at(-1) as StoredSample).seq) || sent;
      },
      (deletion) => {
        this.#knownSeries.delete(deletion.name);
        const bytes = formatEventWithoutId(StreamEvent.SeriesDeleted, { series: deletion.name });
        // A stream whose first event is exact at a later seq was read after the deletion
        // committed: it holds nothing of the deleted series, maybe a new one of that name.
        for (const group of this.#groups.values()) {
          for (const stream of group.streams) {
            if (stream.since <= deletion.seq) this.#deliver(stream, bytes);
          }
        }
      },
    );
    return sent;
  }

  /**
   * Writes one batch to every group that wants some of it, serialised once per group, with the
   * series first seen in it described (from the rows: no second read); true when any stream
   * got something.
   */
  fanOut(rows: readonly StoredSample[], seq: number): boolean {
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
      this.#stats.fanoutSerializations++;
      sent ||= group.streams.size > 0;
      for (const stream of group.streams) this.#deliver(stream, bytes);
    }
    return sent;
  }

  /** The keep-alive comment to live streams (an opening one gets its first event soon). */
  keepAlive(): void {
    for (const group of this.#groups.values()) {
      for (const stream of group.streams) {
        if (stream.state !== 'live') continue;
        this.#stats.bytesSent += KEEPALIVE_COMMENT.byteLength;
        if (!stream.sink.write(KEEPALIVE_COMMENT)) this.drop(stream);
      }
    }
  }

  #newSeries(rows: readonly StoredSample[]): SeriesInfo[] {
    const names = new Set<string>();
    for (const r of rows) if (!this.#knownSeries.has(r.series)) names.add(r.series);
    if (names.size === 0) return [];
    this.knowSeries(names);
    return describeSeries(rows, names);
  }

  #deliver(stream: Stream, bytes: Uint8Array): void {
    this.#stats.eventsSent++;
    this.#stats.bytesSent += bytes.byteLength;
    if (stream.state === 'live') {
      if (!stream.sink.write(bytes)) this.drop(stream);
      return;
    }
    stream.pending.push(bytes);
    stream.pendingBytes += bytes.byteLength;
    if (!withinQueueCap(stream.pendingBytes)) this.drop(stream);
  }
}
