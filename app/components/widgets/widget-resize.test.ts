import { describe, expect, it } from 'vitest';
import { WIDGET_COLS_MAX, WIDGET_ROWS_MAX, type Widget } from '@/lib/protocol';
import { CHART_HEIGHT_PX } from '../chart-options';
import {
  chartHeightPx,
  resizeKeyDelta,
  resizeWidget,
  resizeWidgetBy,
  shownColumns,
  spanFromDrag,
  WIDGET_ROW_CHROME_PX,
  withSize,
} from './widget-resize';

const a: Widget = { id: 'a', series: 'cpu', kind: 'line', size: 'm' };
const b: Widget = { id: 'b', series: 'mem', kind: 'line', size: 'l' };

describe('resizeWidget and resizeWidgetBy', () => {
  it('sets the span of one widget and leaves the others', () => {
    expect(resizeWidget([a, b], 'a', { w: 2, h: 3 })).toEqual([{ ...a, w: 2, h: 3 }, b]);
  });

  it('grows from the span the widget has in the board it applies to, clamped', () => {
    expect(resizeWidgetBy([a, b], 'a', 1, 0)).toEqual([{ ...a, w: 2, h: 1 }, b]);
    expect(resizeWidgetBy([a, b], 'b', 1, -1)).toEqual([a, { ...b, w: WIDGET_COLS_MAX, h: 1 }]);
    // Three presses applied one after the other (a burst): each counts.
    const burst = [1, 1, 1].reduce((ws) => resizeWidgetBy(ws, 'a', 0, 1), [a]);
    expect(burst).toEqual([{ ...a, w: 1, h: Math.min(4, WIDGET_ROWS_MAX) }]);
    expect(resizeWidgetBy([a], 'nope', 1, 1)).toEqual([a]);
  });
});

describe('withSize', () => {
  it("sets the size and puts the span back to the size's own", () => {
    expect(withSize({ ...a, w: 3, h: 2 }, 'l')).toEqual({ ...a, size: 'l' });
    expect(withSize(a, 's')).toEqual({ ...a, size: 's' });
  });
});

describe('spanFromDrag', () => {
  const cell = { colPx: 300, rowPx: 200, gapPx: 16 };
  it('rounds the drag to the nearest whole cells', () => {
    expect(spanFromDrag({ w: 1, h: 1 }, 0, 0, cell)).toEqual({ w: 1, h: 1 });
    expect(spanFromDrag({ w: 1, h: 1 }, 157, 107, cell)).toEqual({ w: 1, h: 1 });
    expect(spanFromDrag({ w: 1, h: 1 }, 159, 109, cell)).toEqual({ w: 2, h: 2 });
    expect(spanFromDrag({ w: 2, h: 2 }, -400, -400, cell)).toEqual({ w: 1, h: 1 });
    expect(spanFromDrag({ w: 1, h: 1 }, 5000, 5000, cell)).toEqual({
      w: WIDGET_COLS_MAX,
      h: WIDGET_ROWS_MAX,
    });
  });
});

describe('shownColumns, chartHeightPx and resizeKeyDelta', () => {
  it('narrows a widget to the board, grows the chart with its rows, maps the arrows', () => {
    expect(shownColumns(4, 2)).toBe(2);
    expect(shownColumns(1, 3)).toBe(1);
    expect(shownColumns(3, 0)).toBe(1);
    expect(chartHeightPx(1)).toBe(CHART_HEIGHT_PX);
    expect(chartHeightPx(2)).toBe(2 * CHART_HEIGHT_PX + WIDGET_ROW_CHROME_PX);
    expect(resizeKeyDelta('ArrowRight')).toEqual({ dw: 1, dh: 0 });
    expect(resizeKeyDelta('ArrowUp')).toEqual({ dw: 0, dh: -1 });
    expect(resizeKeyDelta('Enter')).toBeUndefined();
  });
});
