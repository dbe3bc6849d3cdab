import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { INGEST_MAX_FUTURE_DEFAULT_MS } from '@/lib/protocol';
import { parseIngestBody, sampleTimeWindowOf } from './ingest-schema';

const NOW = 1_764_000_000_000; // 2025-11-24T16:00:00Z, the injected server clock
const WINDOW = sampleTimeWindowOf({
  INGEST_MAX_FUTURE_MS: INGEST_MAX_FUTURE_DEFAULT_MS,
  RETENTION_RAW_HOURS: 48,
});
const RETENTION_MS = 48 * 3_600_000;

const body = (...ts: (number | undefined)[]) => ({
  samples: ts.map((t) =>
    t === undefined ? { series: 'a', value: 1 } : { series: 'a', value: 1, ts: t },
  ),
});
function refusal(json: unknown): AppError {
  try {
    parseIngestBody(json, WINDOW, NOW);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('parseIngestBody accepted the body');
}

describe('parseIngestBody', () => {
  it('builds the window from INGEST_MAX_FUTURE_MS and RETENTION_RAW_HOURS', () => {
    expect(WINDOW).toEqual({ maxFutureMs: 300_000, rawRetentionMs: RETENTION_MS });
  });

  it('returns the samples of a valid body, a missing ts left to the store', () => {
    expect(parseIngestBody(body(undefined, NOW), WINDOW, NOW)).toEqual(
      body(undefined, NOW).samples,
    );
  });

  it('accepts a ts exactly INGEST_MAX_FUTURE_MS ahead of the clock and refuses 1 ms more', () => {
    expect(parseIngestBody(body(NOW + 300_000), WINDOW, NOW)).toHaveLength(1);
    const error = refusal(body(NOW + 300_001));
    expect([error.code, error.status]).toEqual(['bad_timestamp', 400]);
    expect(error.message).toBe(
      `body.samples[0].ts: ${NOW + 300_001} is 300001 ms ahead of the server clock (${NOW}); at most 300000 ms [INGEST_MAX_FUTURE_MS] is accepted`,
    );
  });

  it('accepts a ts exactly the raw retention old and refuses 1 ms older', () => {
    expect(parseIngestBody(body(NOW - RETENTION_MS), WINDOW, NOW)).toHaveLength(1);
    const error = refusal(body(NOW - RETENTION_MS - 1));
    expect(error.code).toBe('bad_timestamp');
    expect(error.message).toBe(
      `body.samples[0].ts: ${NOW - RETENTION_MS - 1} is ${RETENTION_MS + 1} ms behind the server clock (${NOW}), older than the raw retention of ${RETENTION_MS} ms [RETENTION_RAW_HOURS]`,
    );
  });

  it('follows the injected clock and the configured window', () => {
    const tight = { maxFutureMs: 0, rawRetentionMs: 1000 };
    expect(parseIngestBody(body(NOW, NOW - 1000), tight, NOW)).toHaveLength(2);
    expect(() => parseIngestBody(body(NOW + 1), tight, NOW)).toThrow(/ahead/);
    expect(() => parseIngestBody(body(NOW - 1001), tight, NOW)).toThrow(/behind/);
    expect(parseIngestBody(body(NOW + 1), tight, NOW + 1)).toHaveLength(1);
  });

  it.each([
    ['seconds', Math.floor(NOW / 1000), 'looks like seconds (date +%s); send milliseconds'],
    ['microseconds', NOW * 1000, 'looks like microseconds (date +%s%6N); send milliseconds'],
    ['nanoseconds', NOW * 1e6, 'looks like nanoseconds (date +%s%N); send milliseconds'],
  ])('names the unit mistake of a ts in %s', (_unit, ts, hint) => {
    const error = refusal(body(NOW, ts));
    expect(error.code).toBe('bad_timestamp');
    expect(error.message).toMatch(/^body\.samples\[1\]\.ts: /);
    expect(error.message).toContain(hint);
  });

  it('refuses the largest JavaScript date without a unit hint', () => {
    const error = refusal(body(8_640_000_000_000_000));
    expect(error.code).toBe('bad_timestamp');
    expect(error.message).not.toContain('looks like');
  });

  it('reports a shape problem before a timestamp problem, as validation_failed', () => {
    const error = refusal({
      samples: [
        { series: 'a', value: 1, ts: NOW * 1000 },
        { series: 'a b', value: 1 },
      ],
    });
    expect([error.code, error.message]).toEqual([
      'validation_failed',
      'body.samples[1].series: series must match ^[A-Za-z0-9_.:-]{1,128}$',
    ]);
  });
});
