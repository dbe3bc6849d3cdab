import { describe, expect, it, vi } from 'vitest';
import { SeriesListeners } from './series-listeners';

describe('SeriesListeners', () => {
  it('notifies the listeners of one series only, and drops its set with the last listener', () => {
    const listeners = new SeriesListeners();
    const a = vi.fn();
    const b = vi.fn();
    const offA = listeners.subscribeSeries('a', a);
    const offB = listeners.subscribeSeries('b', b);

    listeners.notify('a');
    expect([a.mock.calls.length, b.mock.calls.length]).toEqual([1, 0]);

    offA();
    offB();
    listeners.notify('a');
    expect(a).toHaveBeenCalledTimes(1);
    expect(listeners.watchedSeries).toBe(0);
  });

  it('replaces the list with a new array and tells the list listeners', () => {
    const listeners = new SeriesListeners();
    const onList = vi.fn();
    listeners.subscribeList(onList);
    const before = listeners.list();

    listeners.setList([{ name: 'a' }, { name: 'b', unit: '%' }]);

    expect(listeners.list()).not.toBe(before);
    expect(listeners.list()).toEqual([{ name: 'a' }, { name: 'b', unit: '%' }]);
    expect(onList).toHaveBeenCalledTimes(1);
  });
});
