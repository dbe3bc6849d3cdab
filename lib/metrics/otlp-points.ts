import type { Int64 } from './otlp-schema';
import type { StreamPoint } from './otlp-streams';

/**
 * The arithmetic of OTLP points: times, rates of monotonic sums and bucket deltas of histograms.
 * Every rate here is an increase (never negative) over a positive interval, per second.
 */

const NS_PER_S = 1e9;

/** A fixed64/int64 as a number (a Long from protobufjs, a number, or absent: 0). */
export function int64Number(value: Int64 | null | undefined): number {
  if (value === undefined || value === null) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

const NS_PER_MS = 1_000_000n;

/**
 * A time in nanoseconds (fixed64) as whole milliseconds, rounded down, exactly: the nanoseconds
 * of today are past 2^53, so through a number one millisecond in eight came out one too early.
 */
export function int64Millis(value: Int64 | null | undefined): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return Math.floor(value / 1e6);
  return Number(BigInt(value.toString()) / NS_PER_MS);
}

/**
 * A cumulative monotonic sum's rate at `point`, per second, given its stream's last point:
 * - same start time and later: the increase since the last point over the time between them; a
 *   value lower than the last is a reset the start time did not show (the sum counted from 0
 *   again, so the increase is the value, as Prometheus's `rate()` has it);
 * - same start and not later (a duplicate or a point out of order): no rate, state unchanged;
 * - a first point or a new start time (the stream was reset): the value over the time since
 *   the start, when the start is known and earlier; else no rate yet.
 * `point.value` must be finite and at least 0 (the caller refuses others). Returns the rate and
 * the stream's new last point (undefined: leave it).
 */
export function cumulativeRate(
  last: StreamPoint | undefined,
  point: StreamPoint,
): { rate: number | undefined; next: StreamPoint | undefined } {
  if (last && last.startNs === point.startNs) {
    if (point.timeNs <= last.timeNs) return { rate: undefined, next: undefined };
    const increase = point.value >= last.value ? point.value - last.value : point.value;
    return { rate: perSecond(increase, point.timeNs - last.timeNs), next: point };
  }
  return { rate: sinceStart(point.value, point), next: point };
}

/** A delta sum's rate: its value over its own interval; undefined without a start before it. */
export function deltaRate(point: StreamPoint): number | undefined {
  return sinceStart(point.value, point);
}

/** What a histogram point adds: bucket counts, observations, over `seconds`. */
export type HistogramDelta = { buckets: readonly number[]; count: number; seconds: number };

/**
 * A cumulative histogram's growth since its stream's last point, on the same rules as
 * cumulativeRate; a bucket or the count that went down, or bounds that changed, is a reset
 * (the point's counts are the growth, over the time since the last point). Undefined growth:
 * no samples (a duplicate, or a first point without a start time).
 */
export function cumulativeHistogram(
  last: StreamPoint | undefined,
  point: StreamPoint,
): { delta: HistogramDelta | undefined; next: StreamPoint | undefined } {
  const buckets = point.buckets ?? [];
  if (last && last.startNs === point.startNs) {
    if (point.timeNs <= last.timeNs) return { delta: undefined, next: undefined };
    const seconds = (point.timeNs - last.timeNs) / NS_PER_S;
    const lastBuckets = last.buckets ?? [];
    const reset =
      point.value < last.value ||
      !sameNumbers(point.bounds ?? [], last.bounds ?? []) ||
      buckets.length !== lastBuckets.length ||
      buckets.some((count, i) => count < (lastBuckets[i] ?? 0));
    const delta = reset
      ? { buckets, count: point.value, seconds }
      : {
          buckets: buckets.map((count, i) => count - (lastBuckets[i] ?? 0)),
          count: point.value - last.value,
          seconds,
        };
    return { delta, next: point };
  }
  if (!(point.startNs > 0 && point.timeNs > point.startNs))
    return { delta: undefined, next: point };
  const seconds = (point.timeNs - point.startNs) / NS_PER_S;
  return { delta: { buckets, count: point.value, seconds }, next: point };
}

function sinceStart(value: number, point: StreamPoint): number | undefined {
  if (!(point.startNs > 0 && point.timeNs > point.startNs)) return undefined;
  return perSecond(value, point.timeNs - point.startNs);
}

function perSecond(increase: number, ns: number): number {
  return increase / (ns / NS_PER_S);
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
