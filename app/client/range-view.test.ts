import { describe, expect, it } from 'vitest';
import { parseRangeAnswer, type RangeAnswer } from '@/lib/protocol';
import { RangeView } from './range-view';

const raw: RangeAnswer = {
  from: 0,
  to: 300_000,
  resolution: 'raw',
  seq: 10,
  series: [
    {
      name: 'cpu',
      unit: '%',
      points: [
        [100_000, 1],
        [200_000, 2],
      ],
    },
  ],
};

const samples = (seq: number, ...points: [string, number, number][]) => ({
  kind: 'samples' as const,
  payload: { seq, samples: points.map(([series, ts, value]) => ({ series, ts, value })) },
});

describe('RangeView', () => {
  it('appends live samples newer than the answer seq, including those that came while loading', () => {
    const view = new RangeView({ live: true, spanMs: 300_000, now: () => 300_000 });
    view.onBatch(samples(9, ['cpu', 250_000, 9])); // already in the answer
    view.onBatch(samples(11, ['cpu', 260_000, 3])); // arrived while loading
    view.load(raw);
    view.onBatch(samples(12, ['cpu', 290_000, 4], ['mem', 290_000, 7]));
    expect(view.get('cpu')).toMatchObject({
      ts: [100_000, 200_000, 260_000, 290_000],
      values: [1, 2, 3, 4],
    });
    expect(view.list().map((s) => s.name)).toEqual(['cpu', 'mem']);
  });

  it('ignores batches at or below the answer seq', () => {
    const view = new RangeView({ live: true, spanMs: 300_000, now: () => 300_000 });
    view.load(raw);
    view.onBatch(samples(10, ['cpu', 290_000, 4]));
    expect(view.get('cpu')?.ts).toEqual([100_000, 200_000]);
  });

  it('stays static for a past range', () => {
    const view = new RangeView({ live: false, spanMs: 300_000 });
    view.load(raw);
    view.onBatch(samples(11, ['cpu', 290_000, 4]));
    expect(view.get('cpu')?.ts).toEqual([100_000, 200_000]);
  });

  it('drops points older than the range start as time passes', () => {
    let now = 300_000;
    const view = new RangeView({ live: true, spanMs: 300_000, now: () => now });
    view.load(raw);
    now = 450_000; // start is 150_000 now
    view.onBatch(samples(11, ['cpu', 440_000, 5]));
    expect(view.get('cpu')?.ts).toEqual([200_000, 440_000]);
  });

  it('aggregates live samples into the last minute bucket (avg, min, max)', () => {
    const rollup = parseRangeAnswer({
      from: 0,
      to: 3_600_000,
      resolution: '1m',
      seq: 5,
      series: [
        {
          name: 'cpu',
          points: [
            [0, 10],
            [60_000, 20],
          ],
          band: [
            [5, 15],
            [18, 22],
          ],
        },
      ],
    }) as RangeAnswer;
    const view = new RangeView({ live: true, spanMs: 3_600_000, now: () => 120_000 });
    view.load(rollup);
    view.onBatch(samples(6, ['cpu', 61_000, 30])); // same bucket: weighs with the answer's avg
    view.onBatch(samples(7, ['cpu', 62_000, 10]));
    view.onBatch(samples(8, ['cpu', 120_500, 40])); // a new bucket
    const buffer = view.get('cpu');
    expect(buffer?.ts).toEqual([0, 60_000, 120_000]);
    expect(buffer?.values).toEqual([10, 20, 40]);
    expect(buffer?.bandMin).toEqual([5, 10, 40]);
    expect(buffer?.bandMax).toEqual([15, 30, 40]);
  });
});

describe('RangeView after a resync', () => {
  it('loads the range again and holds live samples until the new answer', () => {
    let reloads = 0;
    const view = new RangeView({
      live: true,
      spanMs: 300_000,
      now: () => 300_000,
      reload: () => reloads++,
    });
    view.load(raw);
    view.onBatch({ kind: 'snapshot', payload: { seq: 20, series: [] } });
    expect(reloads).toBe(1);
    view.onBatch(samples(21, ['cpu', 295_000, 8]));
    view.load({ ...raw, seq: 20, series: [{ name: 'cpu', points: [[250_000, 5]] }] });
    expect(view.get('cpu')?.ts).toEqual([250_000, 295_000]);
  });

  it('does not reload a static range', () => {
    let reloads = 0;
    const view = new RangeView({ live: false, spanMs: 300_000, reload: () => reloads++ });
    view.load(raw);
    view.onBatch({ kind: 'snapshot', payload: { seq: 20, series: [] } });
    expect(reloads).toBe(0);
  });
});
