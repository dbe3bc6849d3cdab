import { formatSeriesKey, type SeriesLabels, seriesProblem } from '@/lib/protocol';
import type { SampleInput } from '@/lib/store/metric-store';
import { type ExpositionSample, parseValue } from './exposition-parse';
import { type Bucket, bucketIncrease, counterRate, histogramQuantile } from './scrape-math';

/** The quantiles a histogram is stored as, with the suffix of each series. */
export const HISTOGRAM_QUANTILES: readonly { q: number; suffix: string }[] = [
  { q: 0.5, suffix: ':p50' },
  { q: 0.95, suffix: ':p95' },
  { q: 0.99, suffix: ':p99' },
];
/** Suffix of the series a counter (or a histogram's or summary's count) is stored as. */
export const RATE_SUFFIX = ':rate';

/** The samples of one scrape, and those that could not be stored (with the first reason). */
export type ScrapeSamples = { samples: SampleInput[]; refused: number; problem?: string };

type Histogram = { metric: string; labels: SeriesLabels; buckets: Bucket[]; count?: number };

/**
 * What one target's scrapes become (docs/ingest.md#prometheus-scrape): gauges, untyped and the
 * other types as exposed; counters as `<name>:rate` per second since the previous scrape (none
 * on the first; a reset counts from 0); histograms as `<name>:p50/:p95/:p99` of the
 * observations since the previous scrape and `<name>:rate` of their count; summaries as their
 * exposed quantiles (`<name>{quantile="0.5"}`) and `<name>:rate` of their count. `_sum` and
 * `_created` samples are not stored. Every series carries `targetLabels` (job, instance and
 * extra labels); an exposed label of the same name is kept as `exported_<name>`, as Prometheus
 * does. Keeps only the previous scrape's counters: a series that vanished is forgotten.
 */
export class ScrapeSeries {
  readonly #targetLabels: Readonly<SeriesLabels>;
  #counters = new Map<string, number>();
  #histograms = new Map<string, Map<number, number>>();
  #lastMs: number | undefined;
  /** Keys stored last scrape: valid, so not checked again. */
  #valid = new Set<string>();

  constructor(targetLabels: Readonly<SeriesLabels>) {
    this.#targetLabels = targetLabels;
  }

  /** The samples of a scrape taken at `nowMs`, all stamped `nowMs`. */
  convert(exposed: readonly ExpositionSample[], nowMs: number): ScrapeSamples {
    const out: ScrapeSamples = { samples: [], refused: 0 };
    const elapsedMs = this.#lastMs === undefined ? undefined : nowMs - this.#lastMs;
    const counters = new Map<string, number>();
    const histograms = new Map<string, Histogram>();
    const valid = new Set<string>();
    const store = (metric: string, labels: SeriesLabels, value: number, key?: string) => {
      const series = key ?? formatSeriesKey(metric, labels);
      // A key checked last scrape is checked once, not on every scrape (the hot path).
      const problem = !Number.isFinite(value)
        ? 'value is not finite'
        : this.#valid.has(series)
          ? undefined
          : seriesProblem(metric, labels);
      if (problem) {
        out.refused++;
        out.problem ??= `${metric.slice(0, 128)}: ${problem}`;
        return;
      }
      valid.add(series);
      out.samples.push({ series, value, ts: nowMs });
    };
    const rate = (metric: string, labels: SeriesLabels, value: number) => {
      const key = formatSeriesKey(metric, labels);
      counters.set(key, value);
      const previous = this.#counters.get(key);
      if (previous === undefined || elapsedMs === undefined) return;
      const perSecond = counterRate(previous, value, elapsedMs);
      if (perSecond !== undefined) store(metric, labels, perSecond, key);
    };
    for (const sample of exposed) {
      const labels = this.#labelsOf(sample.labels);
      const suffix = sample.name.slice(sample.family.length);
      if (suffix === '_created' || (suffix === '_sum' && sample.type !== 'gauge')) continue;
      if (sample.type === 'counter') rate(`${sample.name}${RATE_SUFFIX}`, labels, sample.value);
      else if (sample.type === 'summary' && suffix === '_count')
        rate(`${sample.family}${RATE_SUFFIX}`, labels, sample.value);
      else if (sample.type === 'histogram') addToHistogram(histograms, sample, suffix, labels);
      else store(sample.name, labels, sample.value);
    }
    const seen = new Map<string, Map<number, number>>();
    for (const [key, histogram] of histograms) {
      const previous = this.#histograms.get(key);
      seen.set(key, new Map(histogram.buckets.map((b) => [b.le, b.count])));
      if (histogram.count !== undefined)
        rate(`${histogram.metric}${RATE_SUFFIX}`, histogram.labels, histogram.count);
      if (previous === undefined || elapsedMs === undefined) continue;
      const grown = bucketIncrease(previous, histogram.buckets);
      for (const { q, suffix } of HISTOGRAM_QUANTILES) {
        const value = histogramQuantile(q, grown);
        if (value !== undefined) store(`${histogram.metric}${suffix}`, histogram.labels, value);
      }
    }
    this.#counters = counters;
    this.#histograms = seen;
    this.#valid = valid;
    this.#lastMs = nowMs;
    return out;
  }

  /** Exposed labels plus the target's; empty values dropped (Prometheus: an unset label). */
  #labelsOf(exposed: Readonly<Record<string, string>>): SeriesLabels {
    const labels: SeriesLabels = {};
    for (const [name, value] of Object.entries(exposed)) {
      if (value === '' || name === 'le') continue;
      const own = Object.hasOwn(this.#targetLabels, name) ? `exported_${name}` : name;
      labels[own] = value;
    }
    return { ...labels, ...this.#targetLabels };
  }
}

function addToHistogram(
  histograms: Map<string, Histogram>,
  sample: ExpositionSample,
  suffix: string,
  labels: SeriesLabels,
): void {
  if (suffix !== '_bucket' && suffix !== '_count') return;
  const key = formatSeriesKey(sample.family, labels);
  let histogram = histograms.get(key);
  if (!histogram) {
    histogram = { metric: sample.family, labels, buckets: [] };
    histograms.set(key, histogram);
  }
  if (suffix === '_count') {
    histogram.count = sample.value;
    return;
  }
  const le = parseValue(sample.labels.le ?? '');
  if (le !== undefined && !Number.isNaN(le)) histogram.buckets.push({ le, count: sample.value });
}
