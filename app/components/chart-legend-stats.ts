import type { SeriesBuffer } from '../client/series-buffer';

/** What a panel's legend says of one series over the drawn span. */
export type LegendStats = { last: number; min: number; max: number; avg: number };

/**
 * The last, smallest, largest and mean value of the points of `buffer` at or after `fromMs`
 * (the start of the chart's x-axis), or undefined when none is in view. For rolled-up data
 * each point is a bucket average: the legend's avg is the mean of the buckets drawn.
 */
export function legendStats(
  buffer: SeriesBuffer | undefined,
  fromMs: number,
): LegendStats | undefined {
  if (!buffer) return undefined;
  let count = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let last = 0;
  for (let i = 0; i < buffer.ts.length; i++) {
    if ((buffer.ts[i] as number) < fromMs) continue;
    const v = buffer.values[i] as number;
    if (!Number.isFinite(v)) continue;
    count++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
    last = v;
  }
  return count === 0 ? undefined : { last, min, max, avg: sum / count };
}
