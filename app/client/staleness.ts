import { formatClock } from './clock-format';
/** Least silence before a series is shown as stale, in milliseconds. */
export const STALE_MIN_MS = 5000;
/** A series is stale after this many of its usual intervals without a sample. */
export const STALE_INTERVAL_FACTOR = 3;
/** Number of most recent gaps between samples whose median is the usual interval. */
export const STALE_GAPS_CONSIDERED = 10;
/** How long a widget shows "resynced" after the stream's resume fell back to a snapshot, in ms. */
export const RESYNCED_BADGE_MS = 10_000;
/** How long the stream must be down before the page banner shows, in milliseconds. */
export const STREAM_DOWN_BANNER_DELAY_MS = 2000;
/** How often widgets and the banner re-check the clock, in milliseconds. */
export const STALE_CHECK_INTERVAL_MS = 500;

/** Median of the last STALE_GAPS_CONSIDERED gaps of ascending `ts`; undefined below two points. */
export function usualIntervalMs(ts: readonly number[]): number | undefined {
  const start = Math.max(0, ts.length - STALE_GAPS_CONSIDERED - 1);
  const gaps: number[] = [];
  for (let i = start + 1; i < ts.length; i++) gaps.push((ts[i] as number) - (ts[i - 1] as number));
  if (gaps.length === 0) return undefined;
  gaps.sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  return gaps.length % 2 === 1
    ? (gaps[mid] as number)
    : ((gaps[mid - 1] as number) + (gaps[mid] as number)) / 2;
}

/** Silence after which a series with this usual interval is stale: max(3 × interval, 5 s). */
export function staleThresholdMs(intervalMs: number | undefined): number {
  return Math.max(STALE_INTERVAL_FACTOR * (intervalMs ?? 0), STALE_MIN_MS);
}

/** Whether a series last seen at `lastSeenMs` is stale at `nowMs` (strictly over the threshold). */
export function isStale(
  lastSeenMs: number,
  intervalMs: number | undefined,
  nowMs: number,
): boolean {
  return nowMs - lastSeenMs > staleThresholdMs(intervalMs);
}

/** Whether the "resynced" badge still shows at `nowMs`. */
export function showsResynced(resyncedAt: number | undefined, nowMs: number): boolean {
  return resyncedAt !== undefined && nowMs - resyncedAt < RESYNCED_BADGE_MS;
}

/** Whether the stream-down banner shows at `nowMs` for a stream down since `downSince`. */
export function showsStreamDown(downSince: number | undefined, nowMs: number): boolean {
  return downSince !== undefined && nowMs - downSince >= STREAM_DOWN_BANNER_DELAY_MS;
}

/** `hh:mm:ss` in local time, 24-hour clock. */
export function clockTime(ms: number): string {
  return formatClock(ms, { seconds: true });
}
