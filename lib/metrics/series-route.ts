import { AppError } from '@/lib/errors';
import { sendJson } from '@/lib/http/http-response';
import type { RateLimiter } from '@/lib/http/ip-rate-limit';
import type { Route } from '@/lib/http/route';
import { SERIES_PATH, type SeriesDeleteAnswer, type SeriesSearchAnswer } from '@/lib/protocol';
import type { MetricStore } from '@/lib/store/metric-store';
import { parseSeriesName, parseSeriesSearch } from './parse-series-request';

/**
 * Default of RATE_LIMIT_SERIES_PER_MIN: `GET /api/series` plus `DELETE /api/series/<name>`
 * requests per client address per minute. The page searches at most once per pause in typing
 * (200 ms debounce) and a delete is a person's confirmed action: 120 leaves a fast typist room,
 * while a search costs a scan of the names (about 10 ms at 100,000 series).
 */
export const RATE_LIMIT_SERIES_PER_MIN_DEFAULT = 120;

/**
 * Where a deletion is announced: the stream hub, which reads the deletions recorded by the
 * store with each fan-out and writes `event: series-deleted` in seq order. `flush` resolves once
 * a read started after the call has been written.
 */
export type SeriesDeletionAnnouncer = { flush(): Promise<void> };

export type SeriesRouteDeps = {
  store: Pick<MetricStore, 'searchSeries' | 'deleteSeries'>;
  hub: SeriesDeletionAnnouncer;
  /** Searches and deletes per address per minute, one bucket (RATE_LIMIT_SERIES_PER_MIN). */
  rateLimit?: RateLimiter | undefined;
};

/**
 * `GET /api/series?q=&match=&limit=` lists the series whose key contains `q` (ASCII
 * case-insensitive) and whose metric name starts with `match`, by key (each with its key, metric
 * name, labels and unit), with `total`, how many match. `DELETE /api/series/<key>`
 * deletes a series with its samples and rollups, answers `{"series","samples"}` (404
 * `not_found` when there is no such series) and announces `event: series-deleted` to every
 * stream. Both are gated like the stream and the layout (`session`); the router refuses a
 * cross-site DELETE as it refuses a cross-site PUT /api/layout. Other methods get 405.
 */
export function seriesRoutes(deps: SeriesRouteDeps): Route[] {
  return [
    {
      methods: ['GET', 'HEAD'],
      path: SERIES_PATH,
      auth: 'session',
      rateLimit: deps.rateLimit,
      otherMethods: 'not_allowed',
      handler: async ({ res, url }) => {
        const { q, limit, match } = parseSeriesSearch(url);
        const answer: SeriesSearchAnswer = await deps.store.searchSeries(q, limit, match);
        sendJson(res, 200, answer);
      },
    },
    {
      methods: ['DELETE'],
      path: `${SERIES_PATH}/:name`,
      auth: 'session',
      rateLimit: deps.rateLimit,
      otherMethods: 'not_allowed',
      handler: async ({ res, params }) => {
        const name = parseSeriesName(params.name);
        const deleted = await deps.store.deleteSeries(name);
        if (!deleted) throw new AppError('not_found', `there is no series named ${name}`);
        // Announced on every stream before the answer (the store recorded the deletion; the
        // hub's next read finds it): a page that deleted it hears the event on its stream too.
        await deps.hub.flush();
        const answer: SeriesDeleteAnswer = { series: name, samples: deleted.samples };
        sendJson(res, 200, answer);
      },
    },
  ];
}
