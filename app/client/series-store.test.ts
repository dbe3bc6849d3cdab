import { describe, expect, it, vi } from 'vitest';
import { fakeHistory, settle } from './series-history.fake';
import { SeriesStore } from './series-store';

const snapshot = {
  seq: 10,
  series: [
    {
      name: 'a',
      unit: '%',
      points: [
        [1000, 1],
        [2000, 2],
      ] as [number, number][],
    },
    { name: 'b', points: [] },
  ],
};

describe('SeriesStore', () => {
  it('holds every series of a snapshot, in order', () => {
    const store = new SeriesStore();
    store.applySnapshot(snapshot);
    expect(store.list()).toEqual([{ name: 'a', unit: '%' }, { name: 'b' }]);
    expect(store.get('a')?.values).toEqual([1, 2]);
  });

  it('replaces everything on a new snapshot', () => {
    const store = new SeriesStore();
    store.applySnapshot(snapshot);
    store.applySnapshot({ seq: 20, series: [{ name: 'c', points: [[5, 5]] }] });
    expect(store.list()).toEqual([{ name: 'c' }]);
    expect(store.get('a')).toBeUndefined();
  });

  it('appends samples and creates a new series with its unit', () => {
    const store = new SeriesStore();
    store.applySnapshot(snapshot);
    store.applySamples({
      seq: 12,
      samples: [
        { series: 'a', ts: 3000, value: 3 },
        { series: 'x', ts: 3000, value: 9 },
      ],
      series: [{ name: 'x', unit: 'widgets' }],
    });
    expect(store.get('a')?.values).toEqual([1, 2, 3]);
    expect(store.list().at(-1)).toEqual({ name: 'x', unit: 'widgets' });
  });

  it('keeps the same list while no series appears (stable for React)', () => {
    const store = new SeriesStore();
    store.applySnapshot(snapshot);
    const before = store.list();
    store.applySamples({ seq: 11, samples: [{ series: 'a', ts: 3000, value: 3 }] });
    expect(store.list()).toBe(before);
  });

  it('notifies only the listeners of the series that changed', () => {
    const store = new SeriesStore();
    store.applySnapshot(snapshot);
    const onA = vi.fn();
    const onB = vi.fn();
    store.subscribeSeries('a', onA);
    const off = store.subscribeSeries('b', onB);
    store.applySamples({ seq: 11, samples: [{ series: 'a', ts: 3000, value: 3 }] });
    off();
    store.applySamples({ seq: 12, samples: [{ series: 'b', ts: 3000, value: 3 }] });
    expect(onA).toHaveBeenCalledTimes(1);
    expect(onB).not.toHaveBeenCalled();
  });

  it('tells list listeners when a series appears', () => {
    const store = new SeriesStore();
    const onList = vi.fn();
    store.subscribeList(onList);
    store.applySamples({ seq: 1, samples: [{ series: 'n', ts: 1, value: 1 }] });
    expect(onList).toHaveBeenCalledTimes(1);
    expect(store.list()).toEqual([{ name: 'n' }]);
  });
});

describe('SeriesStore.deleteSeries (event: series-deleted)', () => {
  it('forgets the points and the name, and remembers that it was deleted', () => {
    const store = new SeriesStore();
    store.applySnapshot(snapshot);
    store.keep(['b']);
    const onA = vi.fn();
    const onList = vi.fn();
    store.subscribeSeries('a', onA);
    store.subscribeList(onList);
    store.deleteSeries('a');
    expect(store.get('a')).toBeUndefined();
    expect(store.list()).toEqual([{ name: 'b' }]);
    expect(store.catalog().deleted.has('a')).toBe(true);
    expect(onA).toHaveBeenCalledTimes(1);
    expect(onList).toHaveBeenCalledTimes(1);
  });

  it('a widget that names a deleted series draws it empty, and samples pushed later start it again', async () => {
    const history = fakeHistory();
    const store = new SeriesStore({ loadHistory: history.load });
    store.applySnapshot({ ...snapshot, omittedSeries: 10 });
    store.keep(['a']);
    store.deleteSeries('a');
    expect(store.get('a')?.ts).toEqual([]);
    store.applySamples({ seq: 11, samples: [{ series: 'a', ts: 9000, value: 9 }] });
    await settle();
    expect(history.calls).toEqual([]); // nothing older than the delete exists
    expect(store.get('a')?.values).toEqual([9]);
    expect(store.catalog().deleted.has('a')).toBe(false);
    expect(store.list().at(-1)).toEqual({ name: 'a' });
  });

  it('drops a history answer that comes after the delete', async () => {
    const history = fakeHistory();
    const store = new SeriesStore({ loadHistory: history.load });
    store.applySnapshot({ seq: 1, series: [], omittedSeries: 1 });
    store.keep(['gone']);
    await settle();
    store.deleteSeries('gone');
    history.calls[0]?.answer(1, [{ name: 'gone', points: [[1, 1]] }]);
    await settle();
    expect(store.get('gone')?.ts).toEqual([]);
    expect(store.list()).toEqual([]);
  });
});
