import { z } from 'zod';
import { displayTextProblem } from './display-text';
import {
  INGEST_MAX_SAMPLES,
  INGEST_MIN_SAMPLES,
  SERIES_NAME_PATTERN,
  SERIES_UNIT_MAX_CHARS,
} from './ingest-rules';
import './zod-csp';

/**
 * One sample of `POST /api/metrics`. `ts` is checked here for its shape only (whole, not
 * negative milliseconds); whether it lies in the accepted window around the server clock is
 * sampleTimestampProblem's question (sample-timestamps.ts), answered with `bad_timestamp`.
 */
export const sampleSchema = z.object({
  series: z
    .string({ error: 'series must be a string' })
    .regex(SERIES_NAME_PATTERN, `series must match ${SERIES_NAME_PATTERN.source}`),
  value: z.number({ error: 'value must be a finite number' }),
  ts: z
    .number({ error: 'ts must be a number of milliseconds' })
    // Not .int(): zod's ints stop at 2^53, and a nanosecond ts (1.7e18) must reach the window
    // check, which names the unit mistake.
    .refine(Number.isInteger, 'ts must be whole milliseconds')
    .refine((ts) => ts >= 0, 'ts must not be negative')
    .optional(),
  unit: z
    .string({ error: 'unit must be a string' })
    .min(1, 'unit must not be empty')
    .max(SERIES_UNIT_MAX_CHARS, `unit must be at most ${SERIES_UNIT_MAX_CHARS} characters`)
    .superRefine((unit, ctx) => {
      const problem = displayTextProblem(unit);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `unit ${problem}` });
    })
    .optional(),
  /**
   * The series' labels (docs/protocol.md#series-keys): the sample belongs to the series keyed
   * `series{labels}`. Checked here for their shape; the label rules are seriesProblem's
   * (series-key.ts), applied with the name by parseIngestBody.
   */
  labels: z
    .record(z.string(), z.string({ error: 'label values must be strings' }), {
      error: 'labels must be an object of strings',
    })
    .optional(),
});
export type IngestSample = z.infer<typeof sampleSchema>;

/** `POST /api/metrics` body. */
export const ingestBodySchema = z.object({
  samples: z
    .array(sampleSchema, { error: 'samples must be an array' })
    .min(INGEST_MIN_SAMPLES, `samples must hold at least ${INGEST_MIN_SAMPLES} sample`)
    .max(INGEST_MAX_SAMPLES, `samples must hold at most ${INGEST_MAX_SAMPLES} samples`),
});
export type IngestBody = z.infer<typeof ingestBodySchema>;
