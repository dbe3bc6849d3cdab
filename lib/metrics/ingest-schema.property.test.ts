import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { INGEST_MAX_SAMPLES, SERIES_NAME_PATTERN, SERIES_UNIT_MAX_CHARS } from '@/lib/protocol';
import { parseIngestBody } from './ingest-schema';

/** Generated cases per property. */
const RUNS = 10_000;

const NOW = 1_764_000_000_000;
const WINDOW = { maxFutureMs: 300_000, rawRetentionMs: 48 * 3_600_000 };
const OLDEST = NOW - WINDOW.rawRetentionMs;
const LATEST = NOW + WINDOW.maxFutureMs;

/**
 * Characters the unit generator draws from, with the verdict written out by hand (an oracle
 * independent of display-text.ts): letters, symbols and a space are fine; controls, bidi
 * controls, the soft hyphen and zero-width characters are refused.
 */
const UNIT_OK = ['m', 's', '%', 'µ', '°', '/', 'ש', 'é', ' '];
const UNIT_REFUSED = [
  '\u0000',
  '\n',
  '\t',
  '\u007f',
  '\u0085',
  '\u00ad',
  '\u200b',
  '\u200e',
  '\u202e',
  '\u2028',
  '\u2066',
  '\ufeff',
];

const sampleLike = fc.record(
  {
    series: fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9_.:-]{1,8}$/),
      fc.integer({ min: 126, max: 130 }).map((n) => 'a'.repeat(n)),
      fc.string(),
      fc.jsonValue(),
    ),
    value: fc.oneof(fc.double(), fc.integer(), fc.jsonValue()),
    ts: fc.oneof(
      // Around the edges of the window, where the answer flips.
      fc.constantFrom(OLDEST - 1, OLDEST, OLDEST + 1, NOW, LATEST - 1, LATEST, LATEST + 1),
      fc.integer({ min: OLDEST - 10_000, max: LATEST + 10_000 }),
      // Unit mistakes: seconds, microseconds, nanoseconds; the largest date; any integer.
      fc.constantFrom(NOW / 1000, NOW * 1000, NOW * 1e6, 8.64e15, 0, -1, 1.5),
      fc.integer({ min: -10, max: 2 ** 53 }),
      fc.double(),
      fc.jsonValue(),
    ),
    unit: fc.oneof(
      fc
        .array(fc.constantFrom(...UNIT_OK, ...UNIT_REFUSED), {
          maxLength: SERIES_UNIT_MAX_CHARS + 2,
        })
        .map((cs) => cs.join('')),
      // Strings come only from the alphabet above, whose verdict the oracle knows.
      fc.jsonValue().filter((v) => typeof v !== 'string'),
    ),
  },
  { requiredKeys: [] },
);
const bodyLike = fc.oneof(
  fc.jsonValue(),
  fc.record({ samples: fc.oneof(fc.array(sampleLike, { maxLength: 4 }), fc.jsonValue()) }),
);

function hasGoodShape(s: unknown): boolean {
  if (typeof s !== 'object' || s === null || Array.isArray(s)) return false;
  const { series, value, ts, unit } = s as Record<string, unknown>;
  return (
    typeof series === 'string' &&
    SERIES_NAME_PATTERN.test(series) &&
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (ts === undefined || (typeof ts === 'number' && Number.isInteger(ts) && ts >= 0)) &&
    (unit === undefined || isGoodUnit(unit))
  );
}

function isGoodUnit(unit: unknown): boolean {
  if (typeof unit !== 'string' || unit.length < 1 || unit.length > SERIES_UNIT_MAX_CHARS)
    return false;
  const chars = [...unit];
  return chars.every((c) => UNIT_OK.includes(c)) && chars.some((c) => c !== ' ');
}

const inWindow = (s: { ts?: number }) => s.ts === undefined || (s.ts >= OLDEST && s.ts <= LATEST);

describe('parseIngestBody, generated', () => {
  it('never throws anything but validation_failed or bad_timestamp, and accepts exactly the valid bodies', () => {
    fc.assert(
      fc.property(bodyLike, (body) => {
        // A body arrives as JSON text: round-trip it as the server would parse it.
        const parsedBody: unknown = JSON.parse(JSON.stringify(body) ?? 'null');
        const samples = (parsedBody as { samples?: unknown } | null)?.samples;
        const shaped =
          typeof parsedBody === 'object' &&
          parsedBody !== null &&
          !Array.isArray(parsedBody) &&
          Array.isArray(samples) &&
          samples.length >= 1 &&
          samples.length <= INGEST_MAX_SAMPLES &&
          samples.every(hasGoodShape);
        const expected = !shaped
          ? 'validation_failed'
          : (samples as { ts?: number }[]).every(inWindow)
            ? 'accepted'
            : 'bad_timestamp';
        let outcome = 'accepted';
        try {
          parseIngestBody(parsedBody, WINDOW, NOW);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          outcome = error.code;
          expect(error.message).toMatch(/^body/);
        }
        expect(outcome).toBe(expected);
      }),
      { numRuns: RUNS },
    );
  });
});
