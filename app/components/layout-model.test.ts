import { describe, expect, it } from 'vitest';
import type { Widget } from '@/lib/protocol';
import {
  addSeriesToPanel,
  addToPanel,
  addWidget,
  boardWidgets,
  moveWidget,
  moveWidgetBefore,
  placeSeries,
  removeFromPanel,
  removeSeriesWidgets,
  removeWidget,
  thresholdLevel,
  widgetSeries,
  withDisplayName,
  withNumber,
  withText,
} from './layout-model';

const info = (name: string) => ({ name });

const a: Widget = { id: 'a', series: 'cpu', kind: 'gauge', size: 's' };
const b: Widget = { id: 'b', series: 'mem', kind: 'stat', size: 'l' };

describe('boardWidgets', () => {
  const named = (...names: string[]) => names.map((name) => ({ name }));

  it('shows exactly the layout and lists the series without a widget as unplaced', () => {
    const series = named('mem', 'disk', 'cpu', 'net');
    const panel: Widget = { ...b, extraSeries: ['net'] };
    expect(boardWidgets([a, panel], series)).toEqual({
      widgets: [a, panel],
      unplaced: [{ name: 'disk' }],
      hiddenSeries: 1,
    });
    // A fresh series is not appended: it is unplaced.
    expect(boardWidgets([], named('fresh')).widgets).toEqual([]);
  });

  it('counts the series the snapshot left out as unplaced', () => {
    expect(boardWidgets([], named('a'), 9_999).hiddenSeries).toBe(10_000);
  });
});

describe('placeSeries', () => {
  it("adds a line widget under the series' default id, or a fresh id when taken", () => {
    expect(placeSeries([a], 'disk')).toEqual([
      a,
      { id: 'd-disk', series: 'disk', kind: 'line', size: 'm' },
    ]);
    const taken: Widget = { ...a, id: 'd-disk' };
    expect(placeSeries([taken], 'disk')[1]).toEqual({
      id: 'w2',
      series: 'disk',
      kind: 'line',
      size: 'm',
    });
  });

  it('leaves the board as it is when a widget draws the series already', () => {
    expect(placeSeries([a], 'cpu')).toEqual([a]);
    expect(placeSeries([{ ...b, extraSeries: ['cpu'] }], 'cpu')).toHaveLength(1);
  });
});

describe('removeSeriesWidgets', () => {
  it('drops every widget of the series', () => {
    expect(removeSeriesWidgets([a, b, { ...a, id: 'a2' }], 'cpu')).toEqual([b]);
  });
});

describe('editing', () => {
  it('moves within bounds', () => {
    expect(moveWidget([a, b], 'b', -1).map((w) => w.id)).toEqual(['b', 'a']);
    expect(moveWidget([a, b], 'a', -1).map((w) => w.id)).toEqual(['a', 'b']);
    expect(moveWidget([a, b], 'b', 1).map((w) => w.id)).toEqual(['a', 'b']);
  });

  it('adds with a fresh id and removes', () => {
    const added = addWidget([a, { ...b, id: 'w3' }], 'cpu', 'stat');
    expect(added[2]).toEqual({ id: 'w4', series: 'cpu', kind: 'stat', size: 'm' });
    expect(removeWidget(added, 'w4')).toHaveLength(2);
  });

  it('sets and clears thresholds', () => {
    expect(withNumber(a, 'warn', 5)).toEqual({ ...a, warn: 5 });
    expect(withNumber({ ...a, warn: 5 }, 'warn', undefined)).toEqual(a);
    expect(withNumber(a, 'warn', Number.NaN)).toEqual(a);
  });
});

describe('thresholdLevel', () => {
  const w: Widget = { ...a, warn: 70, critical: 90 };
  it.each([
    [69.99, 'ok'],
    [70, 'warn'],
    [89.99, 'warn'],
    [90, 'critical'],
    [undefined, 'ok'],
  ] as const)('%s → %s', (value, level) => {
    expect(thresholdLevel(value, w)).toBe(level);
  });

  it('is ok without thresholds', () => {
    expect(thresholdLevel(1e9, a)).toBe('ok');
  });
});

describe('defaultWidgetId', () => {
  it('keeps d-<name> for a series without labels and gives a labelled key a valid, stable id', async () => {
    const { defaultWidgetId } = await import('./layout-model');
    const { WIDGET_ID_PATTERN } = await import('@/lib/protocol');
    expect(defaultWidgetId('host.cpu')).toBe('d-host.cpu');
    const longest = `${'m'.repeat(128)}{a="x"}`;
    for (const key of ['cpu{core="0"}', 'cpu{core="1"}', longest]) {
      expect(defaultWidgetId(key)).toMatch(WIDGET_ID_PATTERN);
      expect(defaultWidgetId(key)).toBe(defaultWidgetId(key));
    }
    expect(defaultWidgetId('cpu{core="0"}')).not.toBe(defaultWidgetId('cpu{core="1"}'));
    expect(defaultWidgetId('cpu{core="0"}')).toMatch(/^d-cpu\.[0-9a-z]{1,11}$/);
  });
});

describe('panels of several series', () => {
  const p: Widget = { id: 'p', series: 'http:p50', kind: 'line', size: 'm' };

  it('adds a series once, and the board counts it as placed', () => {
    const panel = addToPanel(addToPanel(p, 'http:p95'), 'http:p95');
    expect(panel.extraSeries).toEqual(['http:p95']);
    expect(addToPanel(panel, 'http:p50')).toBe(panel);
    const board = boardWidgets([panel], [info('http:p50'), info('http:p95'), info('cpu')]);
    expect(board.widgets.map((w) => w.series)).toEqual(['http:p50']);
    expect(board.unplaced).toEqual([info('cpu')]);
    expect(widgetSeries(panel)).toEqual(['http:p50', 'http:p95']);
  });

  it('moves a widget among the widgets of its own section', () => {
    const ws = [
      { ...p, id: 'x' },
      { ...p, id: 's1', section: 'S' },
      { ...p, id: 'y' },
      { ...p, id: 's2', section: 'S' },
    ];
    expect(moveWidget(ws, 'y', -1).map((w) => w.id)).toEqual(['y', 'x', 's1', 's2']);
    expect(moveWidget(ws, 's1', 1).map((w) => w.id)).toEqual(['x', 'y', 's2', 's1']);
    expect(moveWidget(ws, 's2', -1).map((w) => w.id)).toEqual(['x', 's2', 's1', 'y']);
    expect(moveWidget(ws, 'x', -1).map((w) => w.id)).toEqual(['x', 's1', 'y', 's2']);
  });

  it('moves a dropped widget before the target, into its section', () => {
    const ws = [
      { ...p, id: 'x' },
      { ...p, id: 's1', section: 'S' },
      { ...p, id: 'y' },
    ];
    expect(moveWidgetBefore(ws, 'y', 's1')).toEqual([
      { ...p, id: 'x' },
      { ...p, id: 'y', section: 'S' },
      { ...p, id: 's1', section: 'S' },
    ]);
    expect(moveWidgetBefore(ws, 's1', 'x').map((w) => [w.id, w.section])).toEqual([
      ['s1', undefined],
      ['x', undefined],
      ['y', undefined],
    ]);
    expect(moveWidgetBefore(ws, 'x', 'x')).toEqual(ws);
  });

  it("adding a series to a panel removes the series' default widget, not one someone added", () => {
    const own: Widget = { id: 'w9', series: 'http:p95', kind: 'stat', size: 's' };
    const board = [p, { ...p, id: 'd-http:p95', series: 'http:p95' }, own];
    expect(addSeriesToPanel(board, 'p', 'http:p95')).toEqual([
      { ...p, extraSeries: ['http:p95'] },
      own,
    ]);
  });

  it('removes a series with its display name, and the fields once empty', () => {
    const panel = { ...p, extraSeries: ['a', 'b'], names: ['median', 'A', 'B'] };
    expect(removeFromPanel(panel, 'a')).toEqual({
      ...p,
      extraSeries: ['b'],
      names: ['median', 'B'],
    });
    expect(removeFromPanel({ ...p, extraSeries: ['a'], names: ['', 'A'] }, 'a')).toEqual(p);
  });

  it('drops a deleted series from the panels that draw it besides their own', () => {
    const panel = { ...p, extraSeries: ['gone', 'b'] };
    expect(removeSeriesWidgets([panel, { ...p, id: 'q', series: 'gone' }], 'gone')).toEqual([
      { ...p, extraSeries: ['b'] },
    ]);
  });

  it('sets and clears display names by position, trimming trailing empty ones', () => {
    const panel = { ...p, extraSeries: ['a', 'b'] };
    const named = withDisplayName(panel, 2, ' p99 ');
    expect(named.names).toEqual(['', '', 'p99']);
    expect(withDisplayName(named, 2, '')).toEqual(panel);
  });

  it('sets and clears a title, unit or section', () => {
    expect(withText(p, 'title', ' Latency ')).toEqual({ ...p, title: 'Latency' });
    expect(withText({ ...p, unit: 'ms' }, 'unit', '  ')).toEqual(p);
  });
});
