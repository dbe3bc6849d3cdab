import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cumulativeHistogram, cumulativeRate, deltaRate, int64Millis } from './otlp-points';
import { OtlpStreamStage, OtlpStreams, type StreamPoint } from './otlp-streams';

/** A point of a stream: any start (resets), any time (out of order, duplicates), any count. */
const point = fc.record({
  startNs: fc.constantFrom(0, 1e18, 1.1e18, 1.2e18),
  timeNs: fc.integer({ min: 0, max: 100 }).map((s) => 1e18 + s * 1e9),
  value: fc.double({ min: 0, max: 1e12, noNaN: true }),
});
const buckets = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 3, maxLength: 3 });
const histogramPoint = fc.record({
  startNs: fc.constantFrom(0, 1e18, 1.1e18),
  timeNs: fc.integer({ min: 0, max: 100 }).map((s) => 1e18 + s * 1e9),
  buckets,
  bounds: fc.constantFrom([1, 2], [1, 5]),
});

describe('OTLP rates (property)', () => {
  it('a cumulative sum never gives a negative or non-finite rate, whatever the order', () => {
    fc.assert(
      fc.property(fc.array(point, { maxLength: 40 }), (points) => {
        const streams = new OtlpStreams();
        for (const p of points) {
          const stage = new OtlpStreamStage(streams);
          const { rate, next } = cumulativeRate(stage.get('s'), p);
          if (rate !== undefined) {
            expect(rate).toBeGreaterThanOrEqual(0);
            expect(Number.isFinite(rate)).toBe(true);
          }
          if (next) stage.set('s', next);
          streams.commit(stage.updates);
        }
      }),
    );
  });

  it('a delta sum never gives a negative rate', () => {
    fc.assert(
      fc.property(point, (p) => {
        const rate = deltaRate(p);
        if (rate !== undefined) expect(rate).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('a cumulative histogram never grows by a negative count over a non-positive time', () => {
    fc.assert(
      fc.property(fc.array(histogramPoint, { maxLength: 40 }), (points) => {
        let last: StreamPoint | undefined;
        for (const h of points) {
          const current = { ...h, value: h.buckets.reduce((a, b) => a + b, 0) };
          const { delta, next } = cumulativeHistogram(last, current);
          if (delta) {
            expect(delta.count).toBeGreaterThanOrEqual(0);
            expect(delta.seconds).toBeGreaterThan(0);
            for (const b of delta.buckets) expect(b).toBeGreaterThanOrEqual(0);
          }
          if (next) last = next;
        }
      }),
    );
  });
});

/** A fixed64 as protobufjs gives it (a Long: exact as a string, rounded as a number). */
const long = (decimal: string) => ({ toString: () => decimal, toNumber: () => Number(decimal) });

describe('int64Millis', () => {
  it('turns nanoseconds of any millisecond of this century into exactly that millisecond', () => {
    fc.assert(
      fc.property(fc.integer({ min: 946_684_800_000, max: 4_102_444_800_000 }), (ms) => {
        expect(int64Millis(long(String(BigInt(ms) * 1_000_000n)))).toBe(ms);
        expect(int64Millis(long(String(BigInt(ms) * 1_000_000n + 999_999n)))).toBe(ms);
      }),
    );
  });

  it('reads 1796442754034 ms, which went through a number as one millisecond earlier', () => {
    const ns = long('1796442754034000000');
    expect(Math.floor(ns.toNumber() / 1e6)).toBe(1796442754033);
    expect(int64Millis(ns)).toBe(1796442754034);
    expect(int64Millis(undefined)).toBe(0);
  });
});
