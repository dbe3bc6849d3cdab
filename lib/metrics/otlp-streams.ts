/**
 * Most OTLP streams (a cumulative monotonic sum or a cumulative histogram of one resource and
 * series) whose last point is remembered to turn the next one into a rate or a bucket delta,
 * in streams. Past it the stream heard from longest ago is forgotten (least recently used):
 * its next point starts over from its start time. Default 20,000 (twice SERIES_MAX's default).
 * Measured with keys of 230 characters (series key and resource): 280 bytes a sum stream, 500 a
 * histogram of 16 buckets, so 5.4 MB (sums) to 9.5 MB (histograms) when full.
 */
export const OTLP_STREAMS_MAX = 20_000;

/** The last point of a stream: times in Unix nanoseconds (as a double), counts as numbers. */
export type StreamPoint = {
  startNs: number;
  timeNs: number;
  /** The sum's value, or the histogram's count. */
  value: number;
  /** A histogram's bucket counts and bounds. */
  buckets?: readonly number[];
  bounds?: readonly number[];
};

/** Reads the last point of a stream (the state, or a request's updates staged over it). */
export type StreamLookup = { get(key: string): StreamPoint | undefined };

/**
 * The per-stream memory of OTLP cumulative points, bounded by `max` (OTLP_STREAMS_MAX), least
 * recently used first out. A request reads it, stages its own updates over it (OtlpStreamStage),
 * and commits them only once its samples are stored: a request refused or failed leaves it as
 * it was, so the client's retry computes the same rates.
 */
export class OtlpStreams implements StreamLookup {
  readonly #points = new Map<string, StreamPoint>();
  readonly #max: number;

  constructor(max = OTLP_STREAMS_MAX) {
    if (!(Number.isInteger(max) && max > 0)) {
      throw new TypeError(`max must be a positive integer, got ${max}`);
    }
    this.#max = max;
  }

  /** How many streams are remembered. */
  get size(): number {
    return this.#points.size;
  }

  get(key: string): StreamPoint | undefined {
    return this.#points.get(key);
  }

  /**
   * Stores `updates` as the streams' last points (most recent), then forgets the oldest past
   * max. An update older than the point stored for the same start is dropped: two requests of
   * one stream in flight at once may commit in either order.
   */
  commit(updates: ReadonlyMap<string, StreamPoint>): void {
    for (const [key, point] of updates) {
      const stored = this.#points.get(key);
      if (stored && stored.startNs === point.startNs && stored.timeNs > point.timeNs) continue;
      this.#points.delete(key);
      this.#points.set(key, point);
    }
    for (const key of this.#points.keys()) {
      if (this.#points.size <= this.#max) break;
      this.#points.delete(key);
    }
  }
}

/** One request's updates, read before the state they will replace. */
export class OtlpStreamStage implements StreamLookup {
  readonly updates = new Map<string, StreamPoint>();

  constructor(readonly base: StreamLookup) {}

  get(key: string): StreamPoint | undefined {
    return this.updates.get(key) ?? this.base.get(key);
  }

  set(key: string, point: StreamPoint): void {
    this.updates.set(key, point);
  }
}
