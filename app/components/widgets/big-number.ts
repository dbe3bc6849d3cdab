import type { RangeResolution } from '@/lib/protocol';
import { latestPoint, type SeriesBuffer } from '../../client/series-buffer';

/** The big number of a widget: which value it is, when it was taken, and what it is. */
export type BigNumber = { value: number; ts: number; says: string } | undefined;

/**
 * The value a widget shows in large type, said for what it is. Live, it is the latest raw
 * sample from the stream whatever the range's resolution ("latest"), so a 7-day view never
 * turns a count of streams into an hourly average; without a live sample it is the last point
 * drawn. A past range shows its last point: a raw sample ("last in range") or the average of
 * the last rollup bucket ("avg of last 1h bucket").
 */
export function bigNumber(
  drawn: SeriesBuffer | undefined,
  live: SeriesBuffer | undefined,
  mode: 'live' | 'static',
  resolution: RangeResolution,
): BigNumber {
  if (mode === 'live') {
    const raw = live ? latestPoint(live) : undefined;
    if (raw) return { value: raw[1], ts: raw[0], says: 'latest' };
  }
  const last = drawn ? latestPoint(drawn) : undefined;
  if (!last) return undefined;
  if (resolution !== 'raw') {
    return { value: last[1], ts: last[0], says: `avg of last ${resolution} bucket` };
  }
  return { value: last[1], ts: last[0], says: mode === 'live' ? 'latest' : 'last in range' };
}
