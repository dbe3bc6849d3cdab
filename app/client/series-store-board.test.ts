import { describe, expect, it } from 'vitest';
import type { Point } from '@/lib/protocol';
import { fakeHistory, settle } from './series-history.fake';
import { RECENT_SERIES_MAX, SeriesStore } from './series-store';

const manySeries = (count: number, points: Point[] = [[1000, 1]]) =>
  Array.from({ length: count }, (_, i) => ({ name: `s${i}`, points }));

describe('SeriesStore with a board (keep)', () => {
  it('holds points only for the series on the board and RECENT_SERIES_MAX others, names for all', () => {
    const store = new SeriesStore();
    store.applySnapshot({ seq: 1, series: manySeries(10_000) });
    expect(store.bufferedCount).toBe(10_000); // the board is not known yet
    store.keep(['s1', 's2']);
    expect(store.bufferedCount).toBe(2 + RECENT_SERIES_MAX);
    expect(store.get('s1')?.values).toEqual([1]);
    expect(store.list()).toHaveLength(10_000);
    store.applySamples({
      seq: 2,
      samples: Array.from({ length: 10_000 }, (_, i) => ({ series: `s${i}`, ts: 2000, value: 2 })),
    });
    expect(store.bufferedCount).toBe(2 + RECENT_SERIES_MAX);
    expect(store.get('s2')?.values).toEqual([1, 2]);
    // A resync (a new snapshot) is held the same way.
    store.applySnapshot({ seq: 3, series: manySeries(10_000) });
    expect(store.bufferedCount).toBeLessThanOrEqual(2 + RECENT_SERIES_MAX);
    expect(store.get('s1')?.values).toEqual([1]);
  });

  it('bounds a flood of new series the same way', () => {
    const store = new SeriesStore();
    store.applySnapshot({ seq: 0, series: [] });
    store.keep(['new.3']);
    const samples = Array.from({ length: 10_000 }, (_, i) => ({
      series: `new.${i}`,
      ts: 1,
      value: i,
    }));
    store.applySamples({ seq: 10_000, samples });
    expect(store.list()).toHaveLength(10_000);
    expect(store.bufferedCount).toBe(1 + RECENT_SERIES_MAX);
    expect(store.get('new.3')?.values).toEqual([3]);
    expect(store.get('new.9999')?.values).toEqual([9999]); // the most recent are kept
    expect(store.get('new.0')).toBeUndefined();
  });

  it('loads the history of a series put back on the board, joining the live samples after its seq', async () => {
    const history = fakeHistory();
    const store = new SeriesStore({ loadHistory: history.load });
    store.applySnapshot({ seq: 100, series: manySeries(200) });
    store.keep([]);
    const dropped = store.list().find((s) => !store.get(s.name))?.name as string;
    expect(dropped).toBeDefined();
    store.keep([dropped]);
    await settle();
    expect(history.calls.map((c) => c.names)).toEqual([[dropped]]);
    expect(store.loading(dropped)).toBe(true);
    // Samples 101 and 102 arrive while the answer (exact at seq 101) is on its way.
    store.applySamples({
      seq: 102,
      samples: [
        { series: dropped, ts: 5000, value: 5 },
        { series: dropped, ts: 6000, value: 6 },
      ],
    });
    history.calls[0]?.answer(101, [
      {
        name: dropped,
        unit: 'ms',
        points: [
          [4000, 4],
          [5000, 5],
        ],
      },
    ]);
    await settle();
    expect(store.get(dropped)?.ts).toEqual([4000, 5000, 6000]);
    expect(store.get(dropped)?.unit).toBe('ms');
    expect(store.loading(dropped)).toBe(false);
  });

  it('asks once for every series put on the board in one go', async () => {
    const history = fakeHistory();
    const store = new SeriesStore({ loadHistory: history.load });
    store.applySnapshot({ seq: 1, series: [], omittedSeries: 500 });
    store.keep(['a', 'b', 'c']);
    await settle();
    expect(history.calls.map((c) => c.names)).toEqual([['a', 'b', 'c']]);
  });

  it('loads the rest of a truncated series on the board, not of one off the board', async () => {
    const history = fakeHistory();
    const store = new SeriesStore({ loadHistory: history.load });
    store.keep(['t']);
    store.applySnapshot({
      seq: 9,
      series: [
        { name: 't', points: [[9000, 9]], truncated: true },
        { name: 'off', points: [[9000, 9]], truncated: true },
      ],
    });
    await settle();
    expect(history.calls.map((c) => c.names)).toEqual([['t']]);
    expect(store.get('t')?.values).toEqual([9]); // drawn meanwhile
    history.calls[0]?.answer(9, [
      {
        name: 't',
        points: [
          [8000, 8],
          [9000, 9],
        ],
      },
    ]);
    await settle();
    expect(store.get('t')?.values).toEqual([8, 9]);
  });

  it('learns a series the snapshot left out from its history answer', async () => {
    const history = fakeHistory();
    const store = new SeriesStore({ loadHistory: history.load });
    store.applySnapshot({ seq: 5, series: [{ name: 'a', points: [] }], omittedSeries: 1 });
    expect(store.catalog().omitted).toBe(1);
    store.keep(['hidden']);
    await settle();
    history.calls[0]?.answer(5, [{ name: 'hidden', unit: 'ms', points: [[1, 2]] }]);
    await settle();
    expect(store.list()).toEqual([{ name: 'a' }, { name: 'hidden', unit: 'ms' }]);
    expect(store.get('hidden')?.values).toEqual([2]);
    expect(store.catalog().omitted).toBe(0); // learned: no longer counted as left out
  });

  it('counts a live series the server does not describe as one the snapshot left out, a described one as new', () => {
    const store = new SeriesStore();
    store.applySnapshot({ seq: 1, series: [], omittedSeries: 2 });
    store.applySamples({
      seq: 3,
      samples: [
        { series: 'left.out', ts: 1, value: 1 },
        { series: 'brand.new', ts: 1, value: 2 },
      ],
      series: [{ name: 'brand.new', unit: 'ms' }],
    });
    expect(store.catalog().omitted).toBe(1);
    expect(store.list().map((s) => s.name)).toEqual(['left.out', 'brand.new']);
  });

  it('asks for nothing when a complete snapshot says a series does not exist, and holds its first sample', async () => {
    const history = fakeHistory();
    const store = new SeriesStore({ loadHistory: history.load });
    store.applySnapshot({ seq: 1, series: [] });
    store.keep(['later']);
    store.applySamples({ seq: 2, samples: [{ series: 'later', ts: 1, value: 7 }] });
    store.applySamples({ seq: 3, samples: [{ series: 'fresh', ts: 1, value: 8 }] });
    store.keep(['later', 'fresh']); // a default widget appears for the new series
    await settle();
    expect(history.calls).toEqual([]);
    expect(store.get('later')?.values).toEqual([7]);
    expect(store.get('fresh')?.values).toEqual([8]);
  });

  it('after a snapshot that left series out, loads a "new" name it put on the board', async () => {
    const history = fakeHistory();
    const store = new SeriesStore({ loadHistory: history.load });
    store.applySnapshot({ seq: 1, series: [], omittedSeries: 3 });
    store.keep([]);
    store.applySamples({ seq: 2, samples: [{ series: 'o', ts: 5, value: 5 }] });
    expect(store.get('o')).toBeUndefined(); // it may have older points
    store.keep(['o']);
    await settle();
    expect(history.calls.map((c) => c.names)).toEqual([['o']]);
  });

  it('a resync aborts the history in flight and asks again', async () => {
    const history = fakeHistory();
    const store = new SeriesStore({ loadHistory: history.load });
    store.keep(['x']);
    const truncated = { seq: 3, series: [{ name: 'x', points: [], truncated: true }] };
    store.applySnapshot(truncated);
    await settle();
    store.applySnapshot({ ...truncated, seq: 4 });
    await settle();
    expect(history.calls[0]?.signal.aborted).toBe(true);
    expect(history.calls.map((c) => c.names)).toEqual([['x'], ['x']]);
  });

  it('marks the series whose points it does not hold as truncated in a catch-up snapshot', () => {
    const store = new SeriesStore();
    store.applySnapshot({ seq: 1, series: manySeries(100) });
    store.keep(['s0']);
    const catchUp = store.toSnapshot(1);
    expect(catchUp.series).toHaveLength(100);
    expect(catchUp.series[0]).toEqual({ name: 's0', points: [[1000, 1]] });
    const notHeld = catchUp.series.filter((s) => s.truncated);
    expect(notHeld).toHaveLength(100 - 1 - RECENT_SERIES_MAX);
    expect(notHeld.every((s) => s.points.length === 0)).toBe(true);
  });
});
