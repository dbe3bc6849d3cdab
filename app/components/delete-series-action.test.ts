import { describe, expect, it, vi } from 'vitest';
import type { Widget } from '@/lib/protocol';
import { SeriesStore } from '../client/series-store';
import { deleteSeriesFromBoard } from './delete-series-action';

const cpu: Widget = { id: 'w1', series: 'cpu', kind: 'gauge', size: 's' };
const cpuStat: Widget = { id: 'w2', series: 'cpu', kind: 'stat', size: 'm' };
const mem: Widget = { id: 'w3', series: 'mem', kind: 'line', size: 'm' };

const answer = (status: number, body: unknown) => async () =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

function page(saved: Widget[] = [cpu, cpuStat, mem]) {
  const store = new SeriesStore();
  store.applySnapshot({
    seq: 1,
    series: [
      { name: 'cpu', points: [[1, 1]] },
      { name: 'mem', points: [[1, 2]] },
    ],
  });
  store.keep(['cpu', 'mem']);
  let widgets = saved;
  /** The layout's edit: applies the change to the saved widgets, as the editor does. */
  const save = vi.fn((change: (ws: Widget[]) => Widget[]) => {
    widgets = change(widgets);
  });
  return { store, save, saved, widgetsNow: () => widgets };
}

describe('deleteSeriesFromBoard', () => {
  it('deletes on the server, forgets the series here and saves the layout without its widgets', async () => {
    const { store, save, saved, widgetsNow } = page();
    const fetchFn = vi.fn(answer(200, { series: 'cpu', samples: 1234 }));
    const outcome = await deleteSeriesFromBoard('cpu', {
      store,
      saved,
      edit: save,
      fetch: fetchFn,
    });
    expect(outcome).toEqual({
      done: true,
      message: 'Deleted cpu and its history (1,234 samples).',
    });
    expect(fetchFn).toHaveBeenCalledWith(
      '/api/series/cpu',
      expect.objectContaining({ method: 'DELETE' }),
    );
    expect(save).toHaveBeenCalledTimes(1);
    expect(widgetsNow()).toEqual([mem]);
    expect(store.list()).toEqual([{ name: 'mem' }]);
    expect(store.catalog().deleted.has('cpu')).toBe(true);
  });

  it('does not save a layout that has no widget of the series (its default widget leaves by itself)', async () => {
    const { store, save } = page([mem]);
    await deleteSeriesFromBoard('cpu', {
      store,
      saved: [mem],
      edit: save,
      fetch: answer(200, { series: 'cpu', samples: 1 }),
    });
    expect(save).not.toHaveBeenCalled();
    expect(store.list()).toEqual([{ name: 'mem' }]);
  });

  it('treats 404 as "someone deleted it first": the series leaves this page too', async () => {
    const { store, save, saved } = page();
    const outcome = await deleteSeriesFromBoard('cpu', {
      store,
      saved,
      edit: save,
      fetch: answer(404, { error: { code: 'not_found', message: 'no series cpu' } }),
    });
    expect(outcome).toEqual({ done: true, message: 'cpu was already deleted.' });
    expect(save).toHaveBeenCalledTimes(1);
    expect(store.list()).toEqual([{ name: 'mem' }]);
  });

  it.each([
    [401, 'unauthorized', 'Your session has ended'],
    [403, 'forbidden', 'Not allowed to delete cpu'],
    [500, 'internal_error', 'cpu was not deleted: boom'],
  ])('keeps everything and says why on %i', async (status, code, text) => {
    const { store, save, saved } = page();
    const outcome = await deleteSeriesFromBoard('cpu', {
      store,
      saved,
      edit: save,
      fetch: answer(status, { error: { code, message: 'boom' } }),
    });
    expect(outcome.done).toBe(false);
    expect(outcome.message).toContain(text);
    expect(save).not.toHaveBeenCalled();
    expect(store.get('cpu')?.values).toEqual([1]);
    expect(store.list()).toHaveLength(2);
  });
});
