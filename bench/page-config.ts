/**
 * `npm run bench:page`'s sizes (issue 14, item 8): a board of many live panels against one of a
 * screenful, and the series search over a store of 10,000 series against one of a few hundred.
 */

/** Panels on the big board, each a line chart of its own live series. */
export const PAGE_BENCH_PANELS = 200;
/** Panels on the baseline board: about what one 1920x1080 screen shows. */
export const PAGE_BENCH_BASELINE_PANELS = 24;
/** Series in the store for the search measurement (the panels' series among them). */
export const PAGE_BENCH_SERIES = 10_000;
/** Series pushed per ingest request while filling the store. */
export const PAGE_BENCH_FILL_BATCH = 1000;
/** One sample for every panel's series this often while frames are measured, in milliseconds. */
export const PAGE_BENCH_WRITE_INTERVAL_MS = 250;
/** How long frames are measured on each board, in milliseconds. */
export const PAGE_BENCH_MEASURE_MS = 10_000;
/** Wait after the page is live before measuring (charts made, history loaded), in ms. */
export const PAGE_BENCH_SETTLE_MS = 3000;
/** Searches timed on each store size. */
export const PAGE_BENCH_SEARCHES = 5;
/** A frame longer than this counts as a long frame (a visible stutter), in milliseconds. */
export const PAGE_BENCH_LONG_FRAME_MS = 50;
/** The window of the page, in CSS pixels. */
export const PAGE_BENCH_VIEWPORT = { width: 1920, height: 1080 };
/** The whole run is aborted after this long, in milliseconds. */
export const PAGE_BENCH_TIMEOUT_MS = 10 * 60_000;
