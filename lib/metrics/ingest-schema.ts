import { AppError } from '@/lib/errors';
import {
  describeIssue,
  formatSeriesKey,
  ingestBodySchema,
  type SampleTimeWindow,
  sampleTimestampProblem,
  seriesProblem,
} from '@/lib/protocol';
import type { SampleInput } from '@/lib/store/metric-store';

const HOUR_MS = 3_600_000;

/** The timestamp window of an environment: INGEST_MAX_FUTURE_MS and RETENTION_RAW_HOURS. */
export function sampleTimeWindowOf(env: {
  INGEST_MAX_FUTURE_MS: number;
  RETENTION_RAW_HOURS: number;
}): SampleTimeWindow {
  return {
    maxFutureMs: env.INGEST_MAX_FUTURE_MS,
    rawRetentionMs: env.RETENTION_RAW_HOURS * HOUR_MS,
  };
}

/**
 * The samples of a parsed JSON body, each under its series key (`series` and `labels`). Throws
 * AppError `validation_failed` naming the first field that breaks the body rules
 * (lib/protocol/ingest-body.ts) or the first label that breaks the label rules (series-key.ts),
 * then `bad_timestamp` naming the first sample whose `ts` lies outside `window` at `nowMs` (and
 * the unit it looks like). Either way the whole request is refused: nothing of it may be stored.
 */
export function parseIngestBody(
  json: unknown,
  window: SampleTimeWindow,
  nowMs = Date.now(),
): SampleInput[] {
  const parsed = ingestBodySchema.safeParse(json);
  if (!parsed.success) throw new AppError('validation_failed', describeIssue(parsed.error));
  const samples: SampleInput[] = [];
  for (const [i, { series, labels, ...rest }] of parsed.data.samples.entries()) {
    if (labels === undefined) {
      samples.push({ series, ...rest });
      continue;
    }
    const problem = seriesProblem(series, labels);
    if (problem) throw new AppError('validation_failed', `body.samples[${i}].labels: ${problem}`);
    samples.push({ series: formatSeriesKey(series, labels), ...rest });
  }
  for (let i = 0; i < samples.length; i++) {
    const ts = samples[i]?.ts;
    if (ts === undefined) continue;
    const problem = sampleTimestampProblem(ts, window, nowMs);
    if (problem !== undefined)
      throw new AppError('bad_timestamp', `body.samples[${i}].ts: ${problem}`);
  }
  return samples;
}
