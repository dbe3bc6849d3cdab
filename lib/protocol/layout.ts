/** Wire types of the shared dashboard layout (`/api/layout`, `event: layout`). See docs/protocol.md. */

export type WidgetKind = 'line' | 'stat' | 'gauge';
export type WidgetSize = 's' | 'm' | 'l';

export const WIDGET_KINDS: readonly WidgetKind[] = ['line', 'stat', 'gauge'];
export const WIDGET_SIZES: readonly WidgetSize[] = ['s', 'm', 'l'];

/** One widget of the board. Amber at value >= warn, red at value >= critical. */
export type Widget = {
  id: string;
  series: string;
  kind: WidgetKind;
  size: WidgetSize;
  warn?: number;
  critical?: number;
  /** Gauge scale; unset: 0..100 for `%`, the data's range otherwise. */
  min?: number;
  max?: number;
  /** The panel's title (default: its series key). */
  title?: string;
  /** More series drawn on the same chart after `series` (line panels: p50, p95, p99 together). */
  extraSeries?: string[];
  /** Display names by position in `[series, ...extraSeries]`; an empty one shows the key. */
  names?: string[];
  /** The unit of every series of the panel, instead of the one their samples carry. */
  unit?: string;
  /** The section (collapsible row) the widget sits in; widgets without one come first. */
  section?: string;
  /** Width in grid columns, 1..WIDGET_COLS_MAX (unset: from `size`; lib/protocol/widget-span.ts). */
  w?: number;
  /** Height in grid rows, 1..WIDGET_ROWS_MAX (unset: one row). */
  h?: number;
};

/** `GET /api/layout`, the `PUT` answer and `event: layout` data. */
export type Layout = { version: number; widgets: Widget[] };

/** `PUT /api/layout` body. */
export type LayoutPut = { baseVersion: number; widgets: Widget[] };

/** Most series one panel draws, `series` included (WIDGET_SERIES_MAX - 1 in `extraSeries`). */
export const WIDGET_SERIES_MAX = 6;
/** Longest title, section name or display name of a widget, in characters (code points). */
export const WIDGET_TEXT_MAX_CHARS = 80;

/** Most widgets one layout may hold: a board of 200 panels fits (issue 14, `npm run bench:page`). */
export const LAYOUT_MAX_WIDGETS = 250;
/** Widget ids: letters, digits, `_`, `-`, `.`, `:`; 1 to 160 characters (room for `d-` and a 128-character series name). */
export const WIDGET_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,160}$/;
