import { AppError } from '@/lib/errors';
import {
  formatSeriesKey,
  type SampleTimeWindow,
  type SeriesLabels,
  sampleTimestampProblem,
  seriesProblem,
} from '@/lib/protocol';
import type { SampleInput } from '@/lib/store/metric-store';
import { seriesNamePart } from './line-samples';
import { pointLabels, resourceIdentity, resourceLabels } from './otlp-labels';
import {
  histogramPoint,
  histogramSamples,
  numberValue,
  type Point,
  type Sample,
  timeHint,
  type Unit,
  unitOf,
} from './otlp-point-parts';
import {
  cumulativeHistogram,
  cumulativeRate,
  deltaRate,
  int64Millis,
  int64Number,
} from './otlp-points';
import {
  type OtlpHistogramPoint,
  type OtlpKeyValue,
  type OtlpMetric,
  type OtlpMetricsRequest,
  type OtlpNumberPoint,
  TEMPORALITY_CUMULATIVE,
  TEMPORALITY_DELTA,
} from './otlp-schema';
import { OtlpStreamStage, type StreamLookup, type StreamPoint } from './otlp-streams';

/**
 * Most samples one OTLP request may store (a histogram point makes up to four): past it `413
 * payload_too_large`, nothing stored. 10,000, as LINE_MAX_SAMPLES: one transaction of about
 * 0.1 s. The Collector's batch processor keeps under it with `send_batch_max_size: 2500`.
 */
export const OTLP_MAX_SAMPLES = 10_000;
/** Most distinct refusal reasons the `error_message` of a partial success lists. */
export const OTLP_REASONS_MAX = 5;
/** OTLP `DataPointFlags.NO_RECORDED_VALUE`: a point that only marks a gap (no sample). */
const FLAG_NO_RECORDED_VALUE = 1;

/** What an OTLP request becomes: samples to store in one append, and the points refused. */
export type OtlpSamples = {
  samples: SampleInput[];
  /** Data points refused, and why (the partial success). */
  rejected: number;
  errorMessage: string;
  /** The streams' new last points: commit them once the samples are stored. */
  updates: ReadonlyMap<string, StreamPoint>;
};

/**
 * Maps an `ExportMetricsServiceRequest` to samples (docs/ingest.md#opentelemetry): gauges as
 * they are; sums: monotonic ones as `<name>:rate` per second, others as they are; explicit
 * histograms as `<name>:p50`, `:p95`, `:p99` over the growth since the stream's last point
 * (cumulative) or the point itself (delta), and `<name>:rate` of the count. A data point that
 * cannot be stored (exponential histogram, summary, bad time or value, a label the rules refuse)
 * is refused alone, with its reason. Throws `413 payload_too_large` past OTLP_MAX_SAMPLES.
 */
export function samplesOfOtlp(
  request: OtlpMetricsRequest,
  streams: StreamLookup,
  window: SampleTimeWindow,
  nowMs: number,
): OtlpSamples {
  const mapper = new OtlpMapper(streams, window, nowMs);
  for (const resourceMetrics of request.resourceMetrics ?? []) {
    const attributes = resourceMetrics.resource?.attributes;
    const base = resourceLabels(attributes);
    for (const scopeMetrics of resourceMetrics.scopeMetrics ?? []) {
      const identity = resourceIdentity(attributes, scopeMetrics.scope);
      for (const metric of scopeMetrics.metrics ?? []) mapper.metric(metric, base, identity);
    }
  }
  return mapper.result();
}

class OtlpMapper {
  readonly #samples: SampleInput[] = [];
  readonly #reasons = new Map<string, number>();
  readonly #stage: OtlpStreamStage;
  #rejected = 0;

  constructor(
    streams: StreamLookup,
    readonly window: SampleTimeWindow,
    readonly nowMs: number,
  ) {
    this.#stage = new OtlpStreamStage(streams);
  }

  metric(metric: OtlpMetric, base: SeriesLabels, identity: string): void {
    const name = seriesNamePart(metric.name ?? '');
    const unit = unitOf(metric.unit);
    const what = `metric "${name.slice(0, 64)}"`;
    switch (metric.data) {
      case 'gauge':
        for (const p of metric.gauge?.dataPoints ?? []) this.#number(p, name, base, unit, what);
        return;
      case 'sum':
        this.#sum(metric, name, base, unit, identity, what);
        return;
      case 'histogram':
        this.#histogram(metric, name, base, unit, identity, what);
        return;
      case 'exponentialHistogram':
        this.#refuseAll(
          metric.exponentialHistogram?.dataPoints,
          `${what}: exponential histograms are not stored; use explicit bucket histograms`,
        );
        return;
      case 'summary':
        this.#refuseAll(metric.summary?.dataPoints, `${what}: summaries are not stored`);
        return;
      default:
        return;
    }
  }

  result(): OtlpSamples {
    const reasons = [...this.#reasons].slice(0, OTLP_REASONS_MAX).map(([reason, n]) => {
      return n > 1 ? `${reason} (${n} points)` : reason;
    });
    const more = this.#reasons.size - reasons.length;
    if (more > 0) reasons.push(`and ${more} more reasons`);
    return {
      samples: this.#samples,
      rejected: this.#rejected,
      errorMessage: reasons.join('; '),
      updates: this.#stage.updates,
    };
  }

  #number(p: OtlpNumberPoint, name: string, base: SeriesLabels, unit: Unit, what: string) {
    const point = this.#point(p, base, what);
    if (!point) return;
    const value = numberValue(p);
    if (value === undefined) this.#refuse(`${what}: a data point without a value`);
    else this.#emit(point, [{ metric: name, value, unit }], what);
  }

  #sum(metric: OtlpMetric, name: string, base: SeriesLabels, unit: Unit, id: string, what: string) {
    const points = metric.sum?.dataPoints ?? [];
    if (!metric.sum?.isMonotonic) {
      for (const p of points) this.#number(p, name, base, unit, what);
      return;
    }
    const temporality = metric.sum.aggregationTemporality;
    if (temporality !== TEMPORALITY_CUMULATIVE && temporality !== TEMPORALITY_DELTA) {
      this.#refuseAll(points, `${what}: aggregation temporality unspecified`);
      return;
    }
    const rateName = `${name}:rate`;
    for (const p of points) {
      const point = this.#point(p, base, what);
      if (!point) continue;
      const value = numberValue(p);
      if (value === undefined || value < 0) {
        this.#refuse(`${what}: a monotonic sum point needs a value of at least 0`);
        continue;
      }
      const current: StreamPoint = { startNs: point.startNs, timeNs: point.timeNs, value };
      const rateUnit = unit === undefined ? undefined : unitOf(`${unit}/s`);
      if (temporality === TEMPORALITY_DELTA) {
        const rate = deltaRate(current);
        if (rate === undefined) this.#refuse(`${what}: a delta point needs a start time before it`);
        else this.#emit(point, [{ metric: rateName, value: rate, unit: rateUnit }], what);
        continue;
      }
      const key = `${formatSeriesKey(rateName, point.labels)}\u0000${id}`;
      const { rate, next } = cumulativeRate(this.#stage.get(key), current);
      const samples = rate === undefined ? [] : [{ metric: rateName, value: rate, unit: rateUnit }];
      if (this.#emit(point, samples, what) && next) this.#stage.set(key, next);
    }
  }

  #histogram(
    metric: OtlpMetric,
    name: string,
    base: SeriesLabels,
    unit: Unit,
    id: string,
    what: string,
  ) {
    const points = metric.histogram?.dataPoints ?? [];
    const temporality = metric.histogram?.aggregationTemporality;
    if (temporality !== TEMPORALITY_CUMULATIVE && temporality !== TEMPORALITY_DELTA) {
      this.#refuseAll(points, `${what}: aggregation temporality unspecified`);
      return;
    }
    for (const p of points) {
      const point = this.#point(p, base, what);
      if (!point) continue;
      const current = histogramPoint(p, point);
      if (typeof current === 'string') {
        this.#refuse(`${what}: ${current}`);
        continue;
      }
      if (temporality === TEMPORALITY_DELTA) {
        const seconds = (point.timeNs - point.startNs) / 1e9;
        const delta = { buckets: current.buckets ?? [], count: current.value, seconds };
        this.#emit(point, histogramSamples(name, unit, current.bounds ?? [], delta), what);
        continue;
      }
      const key = `${formatSeriesKey(name, point.labels)}\u0000${id}`;
      const { delta, next } = cumulativeHistogram(this.#stage.get(key), current);
      const samples = delta ? histogramSamples(name, unit, current.bounds ?? [], delta) : [];
      if (this.#emit(point, samples, what) && next) this.#stage.set(key, next);
    }
  }

  /** The labels and times of a point; undefined when it is refused or only marks a gap. */
  #point(p: OtlpNumberPoint | OtlpHistogramPoint, base: SeriesLabels, what: string) {
    if (((p.flags ?? 0) & FLAG_NO_RECORDED_VALUE) !== 0) return undefined;
    const labels = pointLabels(base, p.attributes as OtlpKeyValue[] | undefined);
    if (typeof labels === 'string') return this.#refuse(`${what}: ${labels}`);
    const timeNs = int64Number(p.timeUnixNano);
    if (!(timeNs > 0)) return this.#refuse(`${what}: a data point without time_unix_nano`);
    const ts = int64Millis(p.timeUnixNano);
    const problem = sampleTimestampProblem(ts, this.window, this.nowMs);
    if (problem) return this.#refuse(`${what}: time_unix_nano in ms ${timeHint(problem)}`);
    const point: Point = { labels, ts, startNs: int64Number(p.startTimeUnixNano), timeNs };
    return point;
  }

  /** Adds a point's samples when every one of them makes a valid series; else refuses it. */
  #emit(point: Point, samples: readonly Sample[], what: string): boolean {
    for (const s of samples) {
      if (!Number.isFinite(s.value)) return this.#refused(`${what}: a value that is not finite`);
      const problem = seriesProblem(s.metric, point.labels);
      if (problem) return this.#refused(`${what}: ${problem}`);
    }
    for (const s of samples) {
      const sample: SampleInput = {
        series: formatSeriesKey(s.metric, point.labels),
        value: s.value,
        ts: point.ts,
      };
      if (s.unit !== undefined) sample.unit = s.unit;
      this.#samples.push(sample);
    }
    if (this.#samples.length > OTLP_MAX_SAMPLES) {
      throw new AppError(
        'payload_too_large',
        `the request makes more than ${OTLP_MAX_SAMPLES} samples [OTLP_MAX_SAMPLES]; send smaller batches (Collector: send_batch_max_size)`,
      );
    }
    return true;
  }

  #refuseAll(points: readonly unknown[] | undefined, reason: string): void {
    for (let i = 0; i < (points?.length ?? 0); i++) this.#refuse(reason);
  }

  #refused(reason: string): false {
    this.#refuse(reason);
    return false;
  }

  #refuse(reason: string): undefined {
    this.#rejected++;
    this.#reasons.set(reason, (this.#reasons.get(reason) ?? 0) + 1);
    return undefined;
  }
}
