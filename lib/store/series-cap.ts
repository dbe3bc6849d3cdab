import { AppError } from '@/lib/errors';

/**
 * Default of SERIES_MAX: most distinct series the server stores (the collector's own 10
 * included). 10,000 is the number the page is built and tested to stay responsive with
 * (e2e/many-series.spec.ts), about 100 times what a dashboard of a few hosts and services
 * holds, and it stops a runaway label (a user id or a timestamp in a series name) within
 * seconds instead of after millions of series. Raise it for more; each series costs a row
 * and an index entry, a few dozen bytes in every open page's list, and its samples.
 */
export const SERIES_MAX_DEFAULT = 10_000;
/** Largest SERIES_MAX accepted. */
export const SERIES_MAX_LIMIT = 1_000_000;

/**
 * The refusal of an append that would create series past SERIES_MAX (`409 series_limit`): how
 * many exist, the cap, and the two ways out. Shared by every engine, so the words are the same.
 */
export function seriesLimitError(existing: number, max: number, wouldCreate: number): AppError {
  const series = wouldCreate === 1 ? 'a new series' : `${wouldCreate} new series`;
  return new AppError(
    'series_limit',
    `this request would create ${series}, but the server already holds ${existing} series and ` +
      `its cap is ${max} (SERIES_MAX); nothing was stored. Delete series you no longer need ` +
      '(DELETE /api/series/<name>, or: npx pulseboard delete <series>) or raise SERIES_MAX. ' +
      'Samples of existing series are still accepted.',
  );
}
