import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SnapshotPayload, SnapshotSeries } from '@/lib/protocol';
import { SERIES_NAME_MAX_CHARS, SERIES_UNIT_MAX_CHARS, StreamEvent } from '@/lib/protocol';
import { SERIES_MAX_LIMIT } from '@/lib/store/series-cap';
import {
  SNAPSHOT_FRAME_MAX_BYTES,
  SNAPSHOT_MAX_BYTES,
  SNAPSHOT_MAX_POINTS,
  SNAPSHOT_MAX_POINTS_PER_SERIES,
  SNAPSHOT_MAX_SERIES,
  SNAPSHOT_POINT_MAX_BYTES,
  SNAPSHOT_SERIES_MAX_BYTES,
} from './snapshot-limits';
import { formatEvent } from './sse-format';
import { STREAM_MAX_QUEUED_BYTES } from './stream-sink';

/** The longest timestamp and value JSON can print for a stored row (see snapshot-limits.ts). */
const LONGEST_TS = Number(-(2n ** 63n));
const LONGEST_VALUE = Number('-0.0000012345678901234567');
/** A unit whose every code unit JSON writes as 6 bytes (`\ud800`). */
const WORST_UNIT = '\ud800'.repeat(SERIES_UNIT_MAX_CHARS);
const LONGEST_SEQ = Number.MAX_SAFE_INTEGER;

/** The worst snapshot the bounds allow: every series and point as long as JSON makes them. */
function worstSnapshot(): Uint8Array {
  const perSeries = Math.floor(SNAPSHOT_MAX_POINTS / SNAPSHOT_MAX_SERIES);
  const series = Array.from(
    { length: SNAPSHOT_MAX_SERIES },
    (_, i): SnapshotSeries => ({
      name: String(i).padStart(SERIES_NAME_MAX_CHARS, 'x'),
      unit: WORST_UNIT,
      points: Array.from({ length: perSeries }, (): [number, number] => [
        LONGEST_TS,
        LONGEST_VALUE,
      ]),
      truncated: true,
    }),
  );
  const payload: SnapshotPayload = {
    seq: LONGEST_SEQ,
    series,
    omittedSeries: SERIES_MAX_LIMIT - 1,
  };
  return formatEvent(StreamEvent.Snapshot, LONGEST_SEQ, payload);
}

describe('the snapshot bounds', () => {
  it('keep the worst snapshot under SNAPSHOT_MAX_BYTES, well under the slow-reader cap', () => {
    const bytes = worstSnapshot().byteLength;
    expect(bytes).toBeLessThanOrEqual(SNAPSHOT_MAX_BYTES);
    // Tight (the last item of each list has no comma): not an overestimate hiding a mistake.
    expect(bytes).toBeGreaterThan(
      SNAPSHOT_MAX_BYTES - SNAPSHOT_MAX_SERIES - SNAPSHOT_FRAME_MAX_BYTES,
    );
    expect(SNAPSHOT_MAX_BYTES).toBeLessThan(STREAM_MAX_QUEUED_BYTES / 2);
  });

  it('share their points so that the total bound is the one that binds', () => {
    expect(SNAPSHOT_MAX_POINTS_PER_SERIES).toBeLessThanOrEqual(SNAPSHOT_MAX_POINTS);
    expect(SNAPSHOT_MAX_SERIES * SNAPSHOT_MAX_POINTS_PER_SERIES).toBeGreaterThan(
      SNAPSHOT_MAX_POINTS,
    );
  });

  it('hold for any timestamp and value: a point never prints longer than SNAPSHOT_POINT_MAX_BYTES', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(Number),
        fc.double({ noNaN: true }),
        (ts, value) => {
          expect(JSON.stringify([ts, value]).length + 1).toBeLessThanOrEqual(
            SNAPSHOT_POINT_MAX_BYTES,
          );
        },
      ),
      { numRuns: 20_000 },
    );
    expect(JSON.stringify([LONGEST_TS, LONGEST_VALUE]).length + 1).toBe(SNAPSHOT_POINT_MAX_BYTES);
  });

  it('hold for the longest name and the worst unit: a series never prints longer than SNAPSHOT_SERIES_MAX_BYTES', () => {
    const item: SnapshotSeries = {
      name: 'x'.repeat(SERIES_NAME_MAX_CHARS),
      unit: WORST_UNIT,
      points: [],
      truncated: true,
    };
    expect(JSON.stringify(item).length + 1).toBe(SNAPSHOT_SERIES_MAX_BYTES);
  });
});
