import { type RangeSeries, rangeSeriesSchema } from '@/lib/protocol';

/**
 * The `series` array of a `GET /api/range` answer as UTF-8 JSON, in a buffer of its own (so a
 * worker thread can transfer it): what {@link RangeRead}'s `seriesJson` holds.
 */
export function encodeRangeSeries(series: readonly RangeSeries[]): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(series));
}

/**
 * The series of `seriesJson`, checked against the wire schema (throws when they do not match):
 * for tests and any caller that wants objects.
 */
export function decodeRangeSeries(seriesJson: Uint8Array): RangeSeries[] {
  return rangeSeriesSchema.array().parse(JSON.parse(new TextDecoder().decode(seriesJson)));
}
