/**
 * The rules of `POST /api/metrics` (docs/protocol.md#post-apimetrics), shared by the server
 * that enforces them, the CLI that checks its arguments first and the page that shows the
 * series.
 */

/** Series names accepted by ingest, `?series=` and widgets: 1 to 128 of `A-Z a-z 0-9 _ . : -`. */
export const SERIES_NAME_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
/** Longest series name, in characters (SERIES_NAME_PATTERN); also the longest `GET /api/series?q=`. */
export const SERIES_NAME_MAX_CHARS = 128;
/** Longest unit label, in characters; a unit is also safe display text (display-text.ts). */
export const SERIES_UNIT_MAX_CHARS = 16;
/** Fewest samples in one ingest request. */
export const INGEST_MIN_SAMPLES = 1;
/** Most samples in one ingest request. */
export const INGEST_MAX_SAMPLES = 1000;
/** Largest ingest body, in bytes (1 MiB: 1,000 samples with long names fit comfortably). */
export const INGEST_BODY_MAX_BYTES = 1024 * 1024;

/**
 * Default of INGEST_MAX_FUTURE_MS: how far ahead of the server clock a sample's `ts` may be, in
 * milliseconds (5 minutes: room for clocks that drift, none for a unit mistake).
 */
export const INGEST_MAX_FUTURE_DEFAULT_MS = 5 * 60_000;
/** Largest INGEST_MAX_FUTURE_MS accepted, in milliseconds (24 hours). */
export const INGEST_MAX_FUTURE_MAX_MS = 24 * 60 * 60_000;
