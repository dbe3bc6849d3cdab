import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketIncrease, counterIncrease, counterRate, histogramQuantile } from './scrape-math';

const INF = Number.POSITIVE_INFINITY;

describe('counterRate', () => {
  it('is the growth per second between two scrapes', () => {
    expect(counterRate(100, 130, 15_000)).toBe(2);
    expect(counterRate(5, 5, 1000)).toBe(0);
  });

  it('after a reset counts from 0: the new value is the growth, never negative', () => {
    expect(counterIncrease(1000, 40)).toBe(40);
    expect(counterRate(1000, 40, 2000)).toBe(20);
    expect(counterRate(1000, 0, 2000)).toBe(0);
  });

  it('gives no rate without elapsed time or with a value that is not a count', () => {
    expect(counterRate(1, 2, 0)).toBeUndefined();
    expect(counterRate(1, 2, -5)).toBeUndefined();
    expect(counterRate(1, Number.NaN, 1000)).toBeUndefined();
    expect(counterRate(Number.NaN, 2, 1000)).toBeUndefined();
    expect(counterRate(1, INF, 1000)).toBeUndefined();
    expect(counterRate(1, -3, 1000)).toBeUndefined();
  });

  it('is never negative for any sequence of counter values with resets (property)', () => {
    const value = fc.double({ min: 0, max: 1e15, noNaN: true });
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 2, maxLength: 50 }),
        fc.integer({ min: 1, max: 3_600_000 }),
        (values, ms) => {
          for (let i = 1; i < values.length; i++) {
            const rate = counterRate(values[i - 1] ?? 0, values[i] ?? 0, ms);
            expect(rate).toBeGreaterThanOrEqual(0);
          }
        },
      ),
    );
  });

  it('adds up to what was counted, across resets that are seen (property)', () => {
    // A process counting up by `step`, restarting from 0 where `reset` says. A reset is seen
    // when the next scrape finds the counter below its old value; then nothing is lost. One
    // that is hidden (already back above) loses what was counted before it, never more.
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.boolean()), {
          minLength: 1,
          maxLength: 40,
        }),
        (steps) => {
          let counter = 0;
          let previous = 0;
          let seen = 0;
          let truth = 0;
          let hidden = false;
          for (const [step, reset] of steps) {
            if (reset) counter = 0;
            counter += step;
            truth += step;
            if (reset && counter >= previous && previous > 0) hidden = true;
            seen += counterIncrease(previous, counter);
            previous = counter;
          }
          if (hidden) expect(seen).toBeLessThanOrEqual(truth);
          else expect(seen).toBe(truth);
        },
      ),
    );
  });
});

describe('bucketIncrease', () => {
  it('is the growth of each cumulative bucket since the previous scrape', () => {
    const previous = new Map([
      [0.1, 10],
      [1, 15],
      [INF, 16],
    ]);
    expect(
      bucketIncrease(previous, [
        { le: 0.1, count: 12 },
        { le: 1, count: 20 },
        { le: INF, count: 30 },
      ]),
    ).toEqual([
      { le: 0.1, count: 2 },
      { le: 1, count: 5 },
      { le: INF, count: 14 },
    ]);
  });

  it('takes the current counts whole after a reset (any bucket went down)', () => {
    const previous = new Map([
      [1, 50],
      [INF, 60],
    ]);
    const current = [
      { le: 1, count: 3 },
      { le: INF, count: 4 },
    ];
    expect(bucketIncrease(previous, current)).toEqual(current);
  });
});

describe('histogramQuantile: as Prometheus histogram_quantile()', () => {
  const buckets = [
    { le: 0.05, count: 0 },
    { le: 0.1, count: 50 },
    { le: 0.5, count: 90 },
    { le: 1, count: 100 },
    { le: INF, count: 100 },
  ];

  it('interpolates linearly inside the bucket holding the rank', () => {
    // rank 50 is the whole of bucket (0.05, 0.1]
    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.1, 12);
    // rank 25: half of (0.05, 0.1]
    expect(histogramQuantile(0.25, buckets)).toBeCloseTo(0.075, 12);
    // rank 95: half of (0.5, 1]
    expect(histogramQuantile(0.95, buckets)).toBeCloseTo(0.75, 12);
    // rank 99: 9/10 of (0.5, 1]
    expect(histogramQuantile(0.99, buckets)).toBeCloseTo(0.95, 12);
  });

  it('starts the first bucket at 0, and answers the highest finite bound for the +Inf bucket', () => {
    expect(
      histogramQuantile(0.5, [
        { le: 2, count: 10 },
        { le: INF, count: 10 },
      ]),
    ).toBe(1);
    expect(
      histogramQuantile(0.99, [
        { le: 2, count: 1 },
        { le: INF, count: 10 },
      ]),
    ).toBe(2);
    expect(
      histogramQuantile(0.5, [
        { le: -1, count: 5 },
        { le: INF, count: 5 },
      ]),
    ).toBe(-1);
  });

  it('sorts buckets and evens out counts that are not monotonic', () => {
    const shuffled = [
      { le: INF, count: 100 },
      { le: 1, count: 100 },
      { le: 0.1, count: 50 },
      { le: 0.5, count: 40 },
    ];
    // 0.5 gets 50 (monotonic), so rank 75 lies in (0.5, 1] at half.
    expect(histogramQuantile(0.75, shuffled)).toBeCloseTo(0.75, 12);
  });

  it('has no value without observations, without +Inf, or with one bucket', () => {
    expect(
      histogramQuantile(0.5, [
        { le: 1, count: 0 },
        { le: INF, count: 0 },
      ]),
    ).toBeUndefined();
    expect(
      histogramQuantile(0.5, [
        { le: 1, count: 3 },
        { le: 2, count: 4 },
      ]),
    ).toBeUndefined();
    expect(histogramQuantile(0.5, [{ le: INF, count: 4 }])).toBeUndefined();
    expect(histogramQuantile(Number.NaN, buckets)).toBeUndefined();
  });

  it('lies within the finite bounds and grows with q (property)', () => {
    const bounds = fc.uniqueArray(fc.double({ min: 0.001, max: 1e6, noNaN: true }), {
      minLength: 1,
      maxLength: 12,
    });
    fc.assert(
      fc.property(bounds, fc.array(fc.nat(1000), { minLength: 13, maxLength: 13 }), (les, adds) => {
        const sorted = [...les].sort((a, b) => a - b);
        let total = 0;
        const hist = [...sorted, INF].map((le, i) => {
          total += adds[i] ?? 0;
          return { le, count: total };
        });
        if (total === 0) return;
        const q50 = histogramQuantile(0.5, hist) ?? Number.NaN;
        const q95 = histogramQuantile(0.95, hist) ?? Number.NaN;
        const q99 = histogramQuantile(0.99, hist) ?? Number.NaN;
        expect(q50).toBeGreaterThanOrEqual(0);
        expect(q99).toBeLessThanOrEqual(sorted.at(-1) ?? 0);
        expect(q50).toBeLessThanOrEqual(q95);
        expect(q95).toBeLessThanOrEqual(q99);
      }),
    );
  });
});
