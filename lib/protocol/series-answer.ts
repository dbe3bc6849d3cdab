import { z } from 'zod';
import type { SeriesInfo } from './stream-events';
import './zod-csp';

/** The series collection: `GET /api/series`; one series is `SERIES_PATH/<name, URL-encoded>`. */
export const SERIES_PATH = '/api/series';
/** Rows `GET /api/series` answers when `limit` is not given. */
export const SERIES_SEARCH_DEFAULT_LIMIT = 100;
/** Largest `limit` of `GET /api/series`; past it, `400 bad_request`. */
export const SERIES_SEARCH_MAX_LIMIT = 1000;

/** A series as the server describes it (`SeriesInfo`): its name and, if it has one, its unit. */
export const seriesInfoSchema = z.object({ name: z.string(), unit: z.string().optional() });

/**
 * The `200` body of `GET /api/series?q=&limit=` (docs/protocol.md#get-apiseries): the series
 * whose name contains `q`, by name, at most `limit`; `total` is how many match in all (every
 * series when `q` is empty). The server types what it sends with it; the page parses it.
 */
export const seriesSearchAnswerSchema: z.ZodType<SeriesSearchAnswer> = z.object({
  series: z.array(seriesInfoSchema),
  total: z.number().int().nonnegative(),
});
export type SeriesSearchAnswer = { series: SeriesInfo[]; total: number };

/** The `200` body of `DELETE /api/series/<name>`: the series, and the raw samples deleted. */
export const seriesDeleteAnswerSchema = z.object({
  series: z.string(),
  samples: z.number().int().nonnegative(),
});
export type SeriesDeleteAnswer = z.infer<typeof seriesDeleteAnswerSchema>;

/** The answer when `value` matches the contract; undefined when anything in it does not. */
export function parseSeriesSearchAnswer(value: unknown): SeriesSearchAnswer | undefined {
  const parsed = seriesSearchAnswerSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** The answer when `value` matches the contract; undefined when anything in it does not. */
export function parseSeriesDeleteAnswer(value: unknown): SeriesDeleteAnswer | undefined {
  const parsed = seriesDeleteAnswerSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
