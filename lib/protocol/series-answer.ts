import { z } from 'zod';
import type { SeriesLabels } from './series-key';
import './zod-csp';

/** The series collection: `GET /api/series`; one series is `SERIES_PATH/<name, URL-encoded>`. */
export const SERIES_PATH = '/api/series';
/** Rows `GET /api/series` answers when `limit` is not given. */
export const SERIES_SEARCH_DEFAULT_LIMIT = 100;
/** Largest `limit` of `GET /api/series`; past it, `400 bad_request`. */
export const SERIES_SEARCH_MAX_LIMIT = 1000;

/**
 * A series as `GET /api/series` lists it: its key (lib/protocol/series-key.ts, what every other
 * endpoint names it by), its metric name, its labels and, if it has one, its unit. A series
 * without labels has `key === name` and `labels: {}`, as every series had before labels.
 */
export type SeriesListing = { key: string; name: string; labels: SeriesLabels; unit?: string };

export const seriesListingSchema: z.ZodType<SeriesListing> = z.object({
  key: z.string(),
  name: z.string(),
  labels: z.record(z.string(), z.string()),
  unit: z.string().optional(),
});

/**
 * The `200` body of `GET /api/series?q=&match=&limit=` (docs/protocol.md#get-apiseries): the
 * series whose key contains `q` and whose metric name starts with `match`, by key, at most
 * `limit`; `total` is how many match in all (every series when both are empty). The server
 * types what it sends with it; the page parses it.
 */
export const seriesSearchAnswerSchema: z.ZodType<SeriesSearchAnswer> = z.object({
  series: z.array(seriesListingSchema),
  total: z.number().int().nonnegative(),
});
export type SeriesSearchAnswer = { series: SeriesListing[]; total: number };

/** The `200` body of `DELETE /api/series/<key>`: the series key, and the raw samples deleted. */
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
