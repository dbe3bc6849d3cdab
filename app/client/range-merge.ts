import { bucketStart, type RangeSeries } from '@/lib/protocol';
import { insertPoint, type SeriesBuffer } from './series-buffer';

/**
 * A buffer of one range series: raw points, or rollup buckets `[start, avg]` with their band.
 * `liveCounts[i]` counts live samples merged into bucket i: the answer does not say how many
 * samples a bucket already holds, so an answered bucket weighs as one sample in the average.
 */
export type RangeBuffer = SeriesBuffer & { liveCounts?: Map<number, number> };

/** A buffer holding one series of a range answer. */
export function bufferOfRangeSeries(series: RangeSeries): RangeBuffer {
  const order = series.points
    .map((_, i) => i)
    .sort((a, b) => (series.points[a]?.[0] ?? 0) - (series.points[b]?.[0] ?? 0));
  const buffer: RangeBuffer = {
    name: series.name,
    ts: order.map((i) => series.points[i]?.[0] as number),
    values: order.map((i) => series.points[i]?.[1] as number),
  };
  if (series.unit !== undefined) buffer.unit = series.unit;
  if (series.band) {
    const band = series.band;
    buffer.bandMin = order.map((i) => band[i]?.[0] as number);
    buffer.bandMax = order.map((i) => band[i]?.[1] as number);
    buffer.liveCounts = new Map();
  }
  return buffer;
}

/** Index of the point at exactly `ts`, or -1 (binary search; `ts` is ascending). */
function indexOf(ts: readonly number[], at: number): number {
  let lo = 0;
  let hi = ts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = ts[mid] as number;
    if (v === at) return mid;
    if (v < at) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Merges one live sample: as a point for raw data (`bucketMs` 0), else into the bucket that
 * holds `ts` (average, min and max updated; a new bucket when there is none yet).
 */
export function mergeLiveSample(
  buffer: RangeBuffer,
  ts: number,
  value: number,
  bucketMs: number,
): void {
  if (bucketMs <= 0) {
    insertPoint(buffer, ts, value);
    return;
  }
  const start = bucketStart(ts, bucketMs);
  buffer.bandMin ??= buffer.values.slice();
  buffer.bandMax ??= buffer.values.slice();
  buffer.liveCounts ??= new Map();
  const i = indexOf(buffer.ts, start);
  if (i === -1) {
    insertPoint(buffer, start, value);
    const at = indexOf(buffer.ts, start);
    buffer.bandMin.splice(at, 0, value);
    buffer.bandMax.splice(at, 0, value);
    // Indexes after the new bucket moved: counts are keyed by bucket start, not index.
    buffer.liveCounts.set(start, 1);
    return;
  }
  // A bucket from the answer (never merged into) weighs as one sample.
  const weight = buffer.liveCounts.get(start) ?? 1;
  buffer.values[i] = ((buffer.values[i] as number) * weight + value) / (weight + 1);
  buffer.bandMin[i] = Math.min(buffer.bandMin[i] as number, value);
  buffer.bandMax[i] = Math.max(buffer.bandMax[i] as number, value);
  buffer.liveCounts.set(start, weight + 1);
}

/**
 * Drops points that end before `fromMs` (a bucket ends `bucketMs` after its start). Used as a
 * live range slides forward.
 */
export function dropBefore(buffer: RangeBuffer, fromMs: number, bucketMs: number): void {
  let drop = 0;
  const endsBefore = (start: number) =>
    bucketMs > 0 ? start + bucketMs <= fromMs : start < fromMs;
  while (drop < buffer.ts.length && endsBefore(buffer.ts[drop] as number)) drop++;
  if (drop === 0) return;
  for (const start of buffer.ts.slice(0, drop)) buffer.liveCounts?.delete(start);
  buffer.ts.splice(0, drop);
  buffer.values.splice(0, drop);
  buffer.bandMin?.splice(0, drop);
  buffer.bandMax?.splice(0, drop);
}
