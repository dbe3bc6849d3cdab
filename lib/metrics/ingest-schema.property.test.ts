import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INGEST_MAX_SAMPLES, SERIES_NAME_PATTERN } from '@/lib/protocol';
import { describeIssue, ingestBodySchema } from './ingest-schema';

/** Generated cases per property. */
const RUNS = 10_000;

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
      fc.integer({ min: -10, max: 2 ** 53 }),
      fc.constantFrom(0, -1, 1.5, 8.64e15, 8.64e15 + 2),
      fc.double(),
      fc.jsonValue(),
    ),
  },
  { requiredKeys: [] },
);
const bodyLike = fc.oneof(
  fc.jsonValue(),
  fc.record({ samples: fc.oneof(fc.array(sampleLike, { maxLength: 4 }), fc.jsonValue()) }),
);

function isGoodSample(s: unknown): boolean {
  if (typeof s !== 'object' || s === null || Array.isArray(s)) return false;
  const { series, value, ts } = s as Record<string, unknown>;
  return (
    typeof series === 'string' &&
    SERIES_NAME_PATTERN.test(series) &&
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (ts === undefined ||
      (typeof ts === 'number' && Number.isInteger(ts) && ts >= 0 && ts <= 8.64e15))
  );
}

describe('ingestBodySchema, generated', () => {
  it('never throws, and accepts exactly the valid bodies', () => {
    fc.assert(
      fc.property(bodyLike, (body) => {
        // A body arrives as JSON text: round-trip it as the server would parse it.
        const parsedBody: unknown = JSON.parse(JSON.stringify(body) ?? 'null');
        const result = ingestBodySchema.safeParse(parsedBody);
        const samples = (parsedBody as { samples?: unknown } | null)?.samples;
        const good =
          typeof parsedBody === 'object' &&
          parsedBody !== null &&
          !Array.isArray(parsedBody) &&
          Array.isArray(samples) &&
          samples.length >= 1 &&
          samples.length <= INGEST_MAX_SAMPLES &&
          samples.every(isGoodSample);
        expect(result.success).toBe(good);
        if (!result.success) expect(describeIssue(result.error)).toMatch(/^body/);
      }),
      { numRuns: RUNS },
    );
  });
});
