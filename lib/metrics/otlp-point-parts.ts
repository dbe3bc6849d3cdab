import { displayTextProblem, SERIES_UNIT_MAX_CHARS, type SeriesLabels } from '@/lib/protocol';
import { histogramQuantile } from '@/lib/protocol/histogram-quantile';
import { int64Number } from './otlp-points';
import type { OtlpHistogramPoint, OtlpNumberPoint } from './otlp-schema';
import type { StreamPoint } from './otlp-streams';

/** The pieces of OTLP points the mapping (otlp-samples.ts) is made of: values, units, histograms. */

/** The quantiles a histogram point becomes, as series suffixes. */
export const HISTOGRAM_QUANTILES: readonly (readonly [string, number])[] = [
  ['p50', 0.5],
  ['p95', 0.95],
  ['p99', 0.99],
];
/** A data point's labels and times, once checked. */
export type Point = { labels: SeriesLabels; ts: number; startNs: number; timeNs: number };
/** One sample a point makes, before its labels are added. */
export type Sample = { metric: string; value: number; unit: string | undefined };
/** A series unit, or none. */
export type Unit = string | undefined;

/** The time problem without its hint about milliseconds: OTLP times are always nanoseconds. */
export function timeHint(problem: string): string {
  return problem.replace(/; it looks like .*$/, '');
}

/** A point's value (as_double or as_int), or undefined when neither is set. */
export function numberValue(p: OtlpNumberPoint): number | undefined {
  if (p.value === 'asDouble') return p.asDouble;
  if (p.value === 'asInt') return int64Number(p.asInt);
  return undefined;
}

/** A histogram point as a stream point, or the problem of its buckets. */
export function histogramPoint(p: OtlpHistogramPoint, point: Point): StreamPoint | string {
  const buckets = (p.bucketCounts ?? []).map(int64Number);
  const bounds = p.explicitBounds ?? [];
  if (buckets.length > 0 && buckets.length !== bounds.length + 1) {
    return `a histogram point with ${buckets.length} bucket counts for ${bounds.length} bounds`;
  }
  const value = int64Number(p.count);
  return { startNs: point.startNs, timeNs: point.timeNs, value, buckets, bounds };
}

/** `<name>:p50/:p95/:p99` of a histogram's growth (when it has observations) and its `:rate`. */
export function histogramSamples(
  name: string,
  unit: Unit,
  bounds: readonly number[],
  delta: { buckets: readonly number[]; count: number; seconds: number },
): Sample[] {
  const samples: Sample[] = [];
  for (const [suffix, q] of HISTOGRAM_QUANTILES) {
    const value = histogramQuantile(q, bounds, delta.buckets);
    if (value !== undefined) samples.push({ metric: `${name}:${suffix}`, value, unit });
  }
  if (delta.seconds > 0) {
    samples.push({ metric: `${name}:rate`, value: delta.count / delta.seconds, unit: undefined });
  }
  return samples;
}

/**
 * An OTLP unit as a series unit: undefined for none, the dimensionless `1`, an annotation
 * (`{request}`), or one the series rules refuse (longer than SERIES_UNIT_MAX_CHARS, unsafe).
 */
export function unitOf(unit: string | undefined): Unit {
  if (!unit || unit === '1' || unit.startsWith('{') || unit.length > SERIES_UNIT_MAX_CHARS) {
    return undefined;
  }
  return displayTextProblem(unit) === undefined ? unit : undefined;
}
