import { resizedSpan, type Widget, type WidgetSpan, widgetSpan } from '@/lib/protocol';
import { CHART_HEIGHT_PX } from '../chart-options';

/**
 * The height of a widget's header, value and footer around its picture, in pixels (about; the
 * grid gap included): a chart `h` rows high is `h` charts and `h - 1` of these, so it lines up
 * with `h` one-row widgets stacked beside it.
 */
export const WIDGET_ROW_CHROME_PX = 110;

/** The board with widget `id` given the span `span` (its `w` and `h`). */
export function resizeWidget(widgets: readonly Widget[], id: string, span: WidgetSpan): Widget[] {
  return widgets.map((w) => (w.id === id ? { ...w, w: span.w, h: span.h } : w));
}

/**
 * The board with widget `id` grown by `dw` columns and `dh` rows (clamped), from its span in
 * `widgets`: a function of the board it applies to, so keys pressed faster than saves all count.
 */
export function resizeWidgetBy(
  widgets: readonly Widget[],
  id: string,
  dw: number,
  dh: number,
): Widget[] {
  const widget = widgets.find((w) => w.id === id);
  if (!widget) return [...widgets];
  return resizeWidget(widgets, id, resizedSpan(widgetSpan(widget), dw, dh));
}

/** The widget at `size`, its span put back to that size's own (no `w`, `h`: widget-span.ts). */
export function withSize(widget: Widget, size: Widget['size']): Widget {
  const { w: _w, h: _h, ...rest } = widget;
  return { ...rest, size };
}

/** One grid cell as drawn: a column's width, a row's height and the gap, in pixels. */
export type GridCell = { colPx: number; rowPx: number; gapPx: number };

/** The span a drag of the resize grip by (`dx`, `dy`) pixels makes of `start`: nearest whole cells. */
export function spanFromDrag(
  start: WidgetSpan,
  dx: number,
  dy: number,
  cell: GridCell,
): WidgetSpan {
  const dw = Math.round(dx / Math.max(1, cell.colPx + cell.gapPx));
  const dh = Math.round(dy / Math.max(1, cell.rowPx + cell.gapPx));
  return resizedSpan(start, dw, dh);
}

/** The columns a widget `w` wide takes on a board of `cols` columns. */
export function shownColumns(w: number, cols: number): number {
  return Math.max(1, Math.min(w, cols));
}

/** The height of a chart `h` rows high, in pixels. */
export function chartHeightPx(h: number): number {
  return CHART_HEIGHT_PX * h + WIDGET_ROW_CHROME_PX * (h - 1);
}

/** The shift-arrow key's change of span, or undefined for another key. */
export function resizeKeyDelta(key: string): { dw: number; dh: number } | undefined {
  switch (key) {
    case 'ArrowRight':
      return { dw: 1, dh: 0 };
    case 'ArrowLeft':
      return { dw: -1, dh: 0 };
    case 'ArrowDown':
      return { dw: 0, dh: 1 };
    case 'ArrowUp':
      return { dw: 0, dh: -1 };
    default:
      return undefined;
  }
}
