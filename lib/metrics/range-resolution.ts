import {
  RANGE_MINUTE_MAX_SPAN_MS,
  RANGE_RAW_MAX_SPAN_MS,
  type RangeResolution,
} from '@/lib/protocol';

/** How long each kind of row is kept, in milliseconds (RETENTION_* env variables). */
export type RetentionSpans = { rawMs: number; minuteMs: number };

/**
 * The resolution of a range: by span (<= RANGE_RAW_MAX_SPAN_MS raw, <= RANGE_MINUTE_MAX_SPAN_MS
 * minute, else hour; lib/protocol/range-limits.ts), then moved to the next coarser one while
 * `from` is older than what the chosen one keeps (raw rows older than RETENTION_RAW_HOURS are
 * gone, so such a range is answered from minute rollups).
 */
export function chooseResolution(
  from: number,
  to: number,
  now: number,
  kept: RetentionSpans,
): RangeResolution {
  const span = to - from;
  let resolution: RangeResolution =
    span <= RANGE_RAW_MAX_SPAN_MS ? 'raw' : span <= RANGE_MINUTE_MAX_SPAN_MS ? '1m' : '1h';
  if (resolution === 'raw' && from < now - kept.rawMs) resolution = '1m';
  if (resolution === '1m' && from < now - kept.minuteMs) resolution = '1h';
  return resolution;
}
