import { z } from 'zod';
import { RANGE_RESOLUTIONS } from './range-limits';
import './zod-csp';

/**
 * A list of `[number, number]` pairs: `[ts, value]` (raw), `[bucketStart, avg]` (rollups) or
 * `[min, max]` (a band). Checked in one loop, not as 200,000 tuple schemas: an answer of
 * RANGE_MAX_ROWS points parses in about 3 ms instead of about 150 ms (jitless zod, as in the
 * browser), on the page's main thread.
 */
export const pairListSchema = z.custom<[number, number][]>(isPairList, {
  error: 'must be an array of [number, number] pairs',
});

/** One series of a range answer; `band[i]` is `[min, max]` of the bucket of `points[i]`. */
export const rangeSeriesSchema = z
  .object({
    name: z.string(),
    unit: z.string().optional(),
    points: pairListSchema,
    band: pairListSchema.optional(),
  })
  .refine((s) => s.band === undefined || s.band.length === s.points.length, {
    error: 'band must be as long as points',
  });
export type RangeSeries = z.infer<typeof rangeSeriesSchema>;

/**
 * The `200` body of `GET /api/range` (docs/protocol.md#get-apirange). The server types what it
 * sends with it; the page parses what it gets with it.
 */
export const rangeAnswerSchema = z.object({
  from: z.number(),
  to: z.number(),
  resolution: z.enum(RANGE_RESOLUTIONS),
  /** The store cursor the answer is exact at: live samples with a greater seq come after it. */
  seq: z.number(),
  series: z.array(rangeSeriesSchema),
});
export type RangeAnswer = z.infer<typeof rangeAnswerSchema>;

/** The answer when `value` matches the contract; undefined when anything in it does not. */
export function parseRangeAnswer(value: unknown): RangeAnswer | undefined {
  const parsed = rangeAnswerSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function isPairList(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (const pair of value) {
    if (!Array.isArray(pair) || pair.length !== 2) return false;
    if (!Number.isFinite(pair[0]) || !Number.isFinite(pair[1])) return false;
  }
  return true;
}
