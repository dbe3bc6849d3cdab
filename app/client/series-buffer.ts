import type { Point, SeriesInfo } from '@/lib/protocol';

/** Time span kept per series, in milliseconds, counted back from its newest point. */
export const SERIES_WINDOW_MS = 5 * 60 * 1000;
/** Most points kept per series (five minutes at four samples a second). */
export const SERIES_BUFFER_MAX_POINTS = 1200;

/** The points of one series, in ascending time order, as two parallel columns. */
export type SeriesBuffer = {
  name: string;
  unit?: string;
  /** Sample times, in epoch milliseconds, ascending. */
  ts: number[];
  values: number[];
  /** Rolled-up data only: the min and max of each bucket, aligned with `ts`. */
  bandMin?: number[];
  bandMax?: number[];
};

/** A buffer holding `points` (any order), trimmed to the window and the point cap. */
export function createBuffer(info: SeriesInfo, points: readonly Point[] = []): SeriesBuffer {
  const sorted = [...points].sort((a, b) => a[0] - b[0]);
  const buffer: SeriesBuffer = {
    name: info.name,
    ts: sorted.map((p) => p[0]),
    values: sorted.map((p) => p[1]),
  };
  if (info.unit !== undefined) buffer.unit = info.unit;
  trimBuffer(buffer);
  return buffer;
}

/**
 * Adds one point in time order (after any point with the same time). Appending is O(1);
 * a late point is placed by binary search.
 */
export function insertPoint(buffer: SeriesBuffer, ts: number, value: number): void {
  const last = buffer.ts[buffer.ts.length - 1];
  if (last === undefined || ts >= last) {
    buffer.ts.push(ts);
    buffer.values.push(value);
    return;
  }
  let lo = 0;
  let hi = buffer.ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((buffer.ts[mid] as number) <= ts) lo = mid + 1;
    else hi = mid;
  }
  buffer.ts.splice(lo, 0, ts);
  buffer.values.splice(lo, 0, value);
}

/**
 * Drops points older than `windowMs` before the newest point, then the oldest points beyond
 * `maxPoints`. The newest point is always kept, so a series that went quiet still shows its
 * last value.
 */
export function trimBuffer(
  buffer: SeriesBuffer,
  windowMs: number = SERIES_WINDOW_MS,
  maxPoints: number = SERIES_BUFFER_MAX_POINTS,
): void {
  const newest = buffer.ts[buffer.ts.length - 1];
  if (newest === undefined) return;
  const cutoff = newest - windowMs;
  let drop = 0;
  while (drop < buffer.ts.length && (buffer.ts[drop] as number) < cutoff) drop++;
  drop = Math.max(drop, buffer.ts.length - maxPoints);
  if (drop > 0) {
    buffer.ts.splice(0, drop);
    buffer.values.splice(0, drop);
  }
}

/** The newest point, or undefined for an empty buffer. */
export function latestPoint(buffer: SeriesBuffer): Point | undefined {
  const i = buffer.ts.length - 1;
  if (i < 0) return undefined;
  return [buffer.ts[i] as number, buffer.values[i] as number];
}
