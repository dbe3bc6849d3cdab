import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { INGEST_MAX_SAMPLES, INGEST_MIN_SAMPLES, SERIES_NAME_PATTERN } from '@/lib/protocol';

/** Largest ingest body, in bytes (1,000 samples with long names fit comfortably). */
export const INGEST_BODY_MAX_BYTES = 1024 * 1024;
/** Longest unit label, in characters. */
export const SERIES_UNIT_MAX_CHARS = 16;
/** Latest accepted sample timestamp: the largest valid JavaScript date, in ms. */
const TS_MAX_MS = 8.64e15;

const sampleSchema = z.object({
  series: z
    .string({ error: 'series must be a string' })
    .regex(SERIES_NAME_PATTERN, `series must match ${SERIES_NAME_PATTERN.source}`),
  value: z.number({ error: 'value must be a finite number' }),
  ts: z
    .number({ error: 'ts must be a number of milliseconds' })
    .int('ts must be whole milliseconds')
    .min(0, 'ts must not be negative')
    .max(TS_MAX_MS, 'ts is too far in the future')
    .optional(),
  unit: z.string().min(1).max(SERIES_UNIT_MAX_CHARS).optional(),
});

/** `POST /api/metrics` body. */
export const ingestBodySchema = z.object({
  samples: z
    .array(sampleSchema, { error: 'samples must be an array' })
    .min(INGEST_MIN_SAMPLES, `samples must hold at least ${INGEST_MIN_SAMPLES} sample`)
    .max(INGEST_MAX_SAMPLES, `samples must hold at most ${INGEST_MAX_SAMPLES} samples`),
});
export type IngestBody = z.infer<typeof ingestBodySchema>;

/** The samples of a parsed JSON body; throws AppError `validation_failed` naming the problem. */
export function parseIngestBody(json: unknown): IngestBody['samples'] {
  const parsed = ingestBodySchema.safeParse(json);
  if (!parsed.success) throw new AppError('validation_failed', describeIssue(parsed.error));
  return parsed.data.samples;
}

/** One readable sentence for the first problem in a ZodError. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid body';
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return `body${path}: ${issue.message}`;
}
