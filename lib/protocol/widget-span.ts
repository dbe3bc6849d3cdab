/** A widget's place on the board grid: its width in columns and height in rows. */

import type { Widget } from './layout';

/** Widest a widget may be, in grid columns (the board shows fewer on a narrow screen). */
export const WIDGET_COLS_MAX = 4;
/** Tallest a widget may be, in grid rows (one row: one chart high). */
export const WIDGET_ROWS_MAX = 4;

/** Width and height in grid units. */
export type WidgetSpan = { w: number; h: number };

/**
 * The widget's span: `w` and `h` when set; else from its size (`l` as wide as the board allows,
 * WIDGET_COLS_MAX; `s` and `m` one column), one row high.
 */
export function widgetSpan(widget: Pick<Widget, 'size' | 'w' | 'h'>): WidgetSpan {
  return {
    w: widget.w ?? (widget.size === 'l' ? WIDGET_COLS_MAX : 1),
    h: widget.h ?? 1,
  };
}

/** `span` grown by `dw` columns and `dh` rows, kept within 1..WIDGET_COLS_MAX and 1..WIDGET_ROWS_MAX. */
export function resizedSpan(span: WidgetSpan, dw: number, dh: number): WidgetSpan {
  return {
    w: Math.max(1, Math.min(WIDGET_COLS_MAX, span.w + dw)),
    h: Math.max(1, Math.min(WIDGET_ROWS_MAX, span.h + dh)),
  };
}
