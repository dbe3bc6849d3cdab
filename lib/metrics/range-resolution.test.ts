import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  RANGE_MINUTE_MAX_SPAN_MS,
  RANGE_RAW_MAX_SPAN_MS,
  ROLLUP_BUCKET_MS,
  type RollupResolution,
} from '@/lib/protocol';
import { chooseResolution } from './range-resolution';

const NOW = 1_800_000_000_000;
const KEPT = { rawMs: 48 * 3_600_000, minuteMs: 30 * 86_400_000 };

describe('chooseResolution', () => {
  it.each([
    ['exactly 15 min', RANGE_RAW_MAX_SPAN_MS, 'raw'],
    ['15 min + 1 ms', RANGE_RAW_MAX_SPAN_MS + 1, '1m'],
    ['exactly 24 h', RANGE_MINUTE_MAX_SPAN_MS, '1m'],
    ['24 h + 1 ms', RANGE_MINUTE_MAX_SPAN_MS + 1, '1h'],
    ['an empty span', 0, 'raw'],
  ])('a range ending now spanning %s is %s', (_label, span, expected) => {
    expect(chooseResolution(NOW - span, NOW, NOW, KEPT)).toBe(expected);
  });

  it('uses minute rollups for a short range older than the raw retention', () => {
    const edge = NOW - KEPT.rawMs;
    expect(chooseResolution(edge, edge + 60_000, NOW, KEPT)).toBe('raw');
    expect(chooseResolution(edge - 1, edge + 60_000, NOW, KEPT)).toBe('1m');
  });

  it('uses hour rollups for a minute-sized range older than the minute retention', () => {
    const edge = NOW - KEPT.minuteMs;
    expect(chooseResolution(edge, edge + 3_600_000, NOW, KEPT)).toBe('1m');
    expect(chooseResolution(edge - 1, edge + 3_600_000, NOW, KEPT)).toBe('1h');
    // A raw-sized range that old falls through both.
    expect(chooseResolution(edge - 1, edge + 1000, NOW, KEPT)).toBe('1h');
  });
});

describe('the rollup migration', () => {
  // SQL cannot import ROLLUP_BUCKET_MS: this ties the triggers' and backfill's bucket sizes to it.
  const migrations = new URL('../../drizzle/', import.meta.url);
  const statements = readdirSync(migrations)
    .filter((file) => file.endsWith('.sql'))
    .flatMap((file) =>
      readFileSync(new URL(file, migrations), 'utf8').split('--> statement-breakpoint'),
    );

  it.each(Object.entries(ROLLUP_BUCKET_MS))(
    'buckets samples_%s by ROLLUP_BUCKET_MS (%i ms) in every statement that fills it',
    (resolution, bucketMs) => {
      const fills = statements.filter((s) =>
        s.includes(`INSERT INTO \`samples_${resolution as RollupResolution}\``),
      );
      const divisors = fills.flatMap((s) =>
        [...s.matchAll(/`ts` \/ (\d+)\) \* (\d+)/g)].flatMap((m) => [Number(m[1]), Number(m[2])]),
      );
      // The backfill and the trigger, each dividing and multiplying by the bucket.
      expect(fills.length).toBeGreaterThanOrEqual(2);
      expect(divisors.length).toBe(2 * fills.length);
      expect(new Set(divisors)).toEqual(new Set([bucketMs]));
    },
  );
});
