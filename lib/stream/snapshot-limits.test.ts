import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SnapshotPayload, SnapshotSeries } from '@/lib/protocol';
import {
  isCanonicalSeriesKey,
  SERIES_KEY_MAX_BYTES,
  SERIES_UNIT_MAX_CHARS,
  StreamEvent,
  utf8Length,
} from '@/lib/protocol';
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

/**
 * A valid key of at most SERIES_KEY_MAX_BYTES that JSON writes as long as it can: one label
 * whose value is escaped quotes (`\"`, 2 bytes in the key, 4 in JSON), told apart by `id`.
 */
function worstKey(id: number): string {
  const head = `m{a="${id}`;
  const pairs = Math.floor((SERIES_KEY_MAX_BYTES - head.length - 2) / 2);
  const key = `${head}${'\\"'.repeat(pairs)}"}`;
  return key;
}

/** The worst snapshot the bounds allow: every series and point as long as JSON makes them. */
function worstSnapshot(): Uint8Array {
  const perSeries = Math.floor(SNAPSHOT_MAX_POINTS / SNAPSHOT_MAX_SERIES);
  const series = Array.from(
    { length: SNAPSHOT_MAX_SERIES },
    (_, i): SnapshotSeries => ({
      name: worstKey(i),
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
    // Tight (the last item of each list has no comma, a key's `m{a=` and its id are not
    // escaped): not an overestimate hiding a mistake.
    expect(bytes).toBeGreaterThan(
      SNAPSHOT_MAX_BYTES - 10 * SNAPSHOT_MAX_SERIES - SNAPSHOT_FRAME_MAX_BYTES,
    );
    // A third of the slow-reader cap stays free for the live events queued behind it.
    expect(SNAPSHOT_MAX_BYTES).toBeLessThan((STREAM_MAX_QUEUED_BYTES * 2) / 3);
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

  it('hold for the longest key and the worst unit: a series never prints longer than SNAPSHOT_SERIES_MAX_BYTES', () => {
    const key = worstKey(1);
    expect(isCanonicalSeriesKey(key)).toBe(true);
    expect(utf8Length(key)).toBeLessThanOrEqual(SERIES_KEY_MAX_BYTES);
    const item: SnapshotSeries = { name: key, unit: WORST_UNIT, points: [], truncated: true };
    const bytes = Buffer.byteLength(JSON.stringify(item)) + 1;
    expect(bytes).toBeLessThanOrEqual(SNAPSHOT_SERIES_MAX_BYTES);
    expect(bytes).toBeGreaterThan(SNAPSHOT_SERIES_MAX_BYTES - 8);
  });

  it('hold for any key: JSON never writes one in more than twice its UTF-8 bytes', () => {
    const value = fc
      .array(fc.constantFrom('"', '\\', '\n', 'x', 'é', '😀', '{', ','), {
        minLength: 1,
        maxLength: 40,
      })
      .map((c) => c.join(''));
    fc.assert(
      fc.property(value, (v) => {
        const key = `m{a="${v.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"}`;
        expect(Buffer.byteLength(JSON.stringify(key)) - 2).toBeLessThanOrEqual(2 * utf8Length(key));
      }),
    );
  });
});
