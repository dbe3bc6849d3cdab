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

describe('parseIngestBody with labels', () => {
  const labelled = (labels: unknown) => ({
    samples: [
      { series: 'a', value: 1 },
      { series: 'cpu', value: 2, labels },
    ],
  });

  it('stores each sample under its key: the name, then the labels sorted by name', () => {
    expect(parseIngestBody(labelled({ mode: 'idle', core: '0' }), WINDOW, NOW)).toEqual([
      { series: 'a', value: 1 },
      { series: 'cpu{core="0",mode="idle"}', value: 2 },
    ]);
    expect(parseIngestBody(labelled({}), WINDOW, NOW)[1]).toEqual({ series: 'cpu', value: 2 });
  });

  it.each([
    [{ '1x': 'a' }, 'body.samples[1].labels: label name "1x" must match ^[a-zA-Z_][a-zA-Z0-9_]*$'],
    [{ core: '' }, 'body.samples[1].labels: label "core" must not have an empty value'],
    [
      { core: 'x'.repeat(257) },
      'body.samples[1].labels: label "core" value must be at most 256 characters',
    ],
    [{ core: 1 }, 'body.samples[1].labels.core: label values must be strings'],
    [['a'], 'body.samples[1].labels: labels must be an object of strings'],
    [
      Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`l${i}`, 'v'])),
      'body.samples[1].labels: a series has at most 16 labels, got 17',
    ],
  ])('refuses labels %j with 400 naming the label', (labels, message) => {
    const error = refusal(labelled(labels));
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe(message);
  });
});
