import { AppError } from '@/lib/errors';
import {
  formatSeriesKey,
  type SampleTimeWindow,
  SERIES_NAME_MAX_CHARS,
  type SeriesLabels,
  sampleTimestampProblem,
  seriesProblem,
} from '@/lib/protocol';
import type { SampleInput } from '@/lib/store/metric-store';
import type { ProtocolLine } from './line-protocol';

/** `?precision=` of the write endpoints: the unit of the line timestamps. Default `ns`. */
export type LinePrecision = 'ns' | 'us' | 'ms' | 's';

/**
 * Most samples (fields) one line-protocol write may hold: past it `413 payload_too_large`, which
 * Telegraf answers by splitting the batch. 10,000 is ten of Telegraf's default batches of 1,000
 * metrics of one field, or one batch of 1,000 metrics of ten fields, stored in one transaction
 * in about 0.1 s.
 */
export const LINE_MAX_SAMPLES = 10_000;

/** Milliseconds per unit of each precision, as a divisor or a factor of the whole number. */
const MS_DIVISOR: Record<LinePrecision, bigint> = { ns: 1_000_000n, us: 1_000n, ms: 1n, s: 1n };
const MS_FACTOR: Record<LinePrecision, bigint> = { ns: 1n, us: 1n, ms: 1n, s: 1_000n };

/** Reads `?precision`: `ns` (default), `us`, `ms` or `s` (InfluxDB v1's `n`, `u` too). */
export function parsePrecision(values: readonly string[]): LinePrecision {
  if (values.length > 1) throw new AppError('bad_request', 'precision must be given once');
  const raw = values[0] ?? '';
  if (raw === '' || raw === 'ns' || raw === 'n') return 'ns';
  if (raw === 'us' || raw === 'u') return 'us';
  if (raw === 'ms' || raw === 's') return raw;
  throw new AppError('bad_request', `precision must be ns, us, ms or s, got "${raw.slice(0, 16)}"`);
}

/** The samples of a write, and how many string fields it held (not stored: numbers only). */
export type LineSamples = { samples: SampleInput[]; stringFields: number };

/**
 * The samples of parsed lines: each numeric field becomes a sample of the series
 * `<measurement>_<field>` labelled with the line's tags (characters a series name or a label name
 * may not hold become `_`), at the line's timestamp converted from `precision` to milliseconds
 * (truncated) or `nowMs`. String fields are not stored, only counted. Throws AppError naming the
 * line: `validation_failed` for a series or label the rules refuse, `bad_timestamp` for a time
 * outside `window`, `payload_too_large` past LINE_MAX_SAMPLES. Nothing is stored by the caller
 * then: the whole write is refused.
 */
export function samplesOfLines(
  lines: readonly ProtocolLine[],
  precision: LinePrecision,
  window: SampleTimeWindow,
  nowMs: number,
): LineSamples {
  const samples: SampleInput[] = [];
  let stringFields = 0;
  for (const line of lines) {
    const labels = labelsOf(line);
    const ts = line.timestamp === undefined ? nowMs : timestampOf(line, precision, window, nowMs);
    for (const [field, value] of line.fields) {
      if (value.type === 'string') {
        stringFields++;
        continue;
      }
      const metric = `${seriesNamePart(line.measurement)}_${seriesNamePart(field)}`;
      if (metric.length > SERIES_NAME_MAX_CHARS) {
        refuse(
          line,
          `series name "${metric.slice(0, 64)}…" (measurement_field) is longer than ${SERIES_NAME_MAX_CHARS} characters`,
        );
      }
      const problem = seriesProblem(metric, labels);
      if (problem) refuse(line, problem);
      samples.push({ series: formatSeriesKey(metric, labels), value: value.value, ts });
      if (samples.length > LINE_MAX_SAMPLES) {
        throw new AppError(
          'payload_too_large',
          `line ${line.line}: the write holds more than ${LINE_MAX_SAMPLES} numeric fields [LINE_MAX_SAMPLES]; send smaller batches (Telegraf: metric_batch_size)`,
        );
      }
    }
  }
  return { samples, stringFields };
}

/** The tags as labels: names made Prometheus-safe; two tags that come to one name are refused. */
function labelsOf(line: ProtocolLine): SeriesLabels {
  const labels: SeriesLabels = {};
  for (const [key, value] of line.tags) {
    const name = labelNamePart(key);
    if (Object.hasOwn(labels, name))
      refuse(line, `tags "${key}" and another both become label "${name}"`);
    labels[name] = value;
  }
  return labels;
}

function timestampOf(
  line: ProtocolLine,
  precision: LinePrecision,
  window: SampleTimeWindow,
  nowMs: number,
): number {
  const raw = line.timestamp ?? 0n;
  const ms = Number((raw * MS_FACTOR[precision]) / MS_DIVISOR[precision]);
  const problem = sampleTimestampProblem(ms, window, nowMs);
  if (problem === undefined) return ms;
  const hint = problem.replace(/; send milliseconds \(date \+%s%3N\)$/, '');
  throw new AppError(
    'bad_timestamp',
    `line ${line.line}: timestamp ${raw} at precision=${precision} is ${hint}; check ?precision= (ns, us, ms or s)`,
  );
}

/**
 * A measurement or field key (or an OTLP metric name) as part of a series name: characters
 * SERIES_NAME_PATTERN does not allow become `_`.
 */
export function seriesNamePart(text: string): string {
  return text.replace(/[^A-Za-z0-9_.:-]/g, '_');
}

/**
 * A tag key (or an OTLP attribute key) as a label name: characters other than letters, digits
 * and `_` become `_` (`service.name` becomes `service_name`), and a leading digit gets a `_`.
 */
export function labelNamePart(text: string): string {
  const name = text.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

function refuse(line: ProtocolLine, problem: string): never {
  throw new AppError('validation_failed', `line ${line.line}: ${problem}`);
}
