import { describe, expect, it } from 'vitest';
import { bytesPerSample, INGEST_MIN_RATIO, ingestRows, median, usedBytes } from './ingest-figures';

describe('median', () => {
  it('takes the middle of an odd count and the upper middle of an even one', () => {
    expect(median([30, 10, 20])).toBe(20);
    expect(median([40, 10, 30, 20])).toBe(30);
    expect(median([])).toBeNaN();
  });
});

describe('bytesPerSample', () => {
  const pages = (pageCount: number, freelistCount = 0) => ({
    pageCount,
    freelistCount,
    pageSize: 4096,
  });

  it('counts pages in use, not those on the freelist', () => {
    expect(usedBytes(pages(10, 3))).toBe(7 * 4096);
  });

  it('divides the growth of the pages in use by the samples stored', () => {
    // (110 − 2) − (10 − 0) = 98 pages of 4 KiB for 6,272 samples: 64 B each.
    expect(bytesPerSample(pages(10), pages(110, 2), 6272)).toBe(64);
  });

  it('is NaN when nothing was stored, never a division by zero', () => {
    expect(bytesPerSample(pages(10), pages(12), 0)).toBeNaN();
  });
});

describe('ingestRows', () => {
  it('gives each protocol its median rate and ratio to JSON, and judges line protocol and OTLP', () => {
    const rows = ingestRows({
      json: [100_000, 90_000, 110_000],
      line: [60_000, 50_000, 70_000],
      'line+gzip': [10_000],
      otlp: [40_000, 45_000, 49_000],
    });
    expect(rows).toEqual([
      { protocol: 'json', samplesPerS: 100_000, ratioToJson: 1 },
      { protocol: 'line', samplesPerS: 60_000, ratioToJson: 0.6, verdict: 'pass' },
      { protocol: 'line+gzip', samplesPerS: 10_000, ratioToJson: 0.1 },
      { protocol: 'otlp', samplesPerS: 45_000, ratioToJson: 0.45, verdict: 'fail' },
    ]);
  });

  it('passes a ratio of exactly INGEST_MIN_RATIO and fails just below it', () => {
    const at = ingestRows({ json: [1000], line: [1000 * INGEST_MIN_RATIO] });
    expect(at[1]?.verdict).toBe('pass');
    const below = ingestRows({ json: [1000], line: [1000 * INGEST_MIN_RATIO - 1] });
    expect(below[1]?.verdict).toBe('fail');
  });

  it('fails a protocol when JSON was not measured (no ratio to hold)', () => {
    expect(ingestRows({ json: [], otlp: [5000] })[1]).toMatchObject({ verdict: 'fail' });
  });
});
