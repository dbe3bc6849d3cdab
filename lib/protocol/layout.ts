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
  /** Gauge scale; default 0..100. */
  min?: number;
  max?: number;
};

/** `GET /api/layout`, the `PUT` answer and `event: layout` data. */
export type Layout = { version: number; widgets: Widget[] };

/** `PUT /api/layout` body. */
export type LayoutPut = { baseVersion: number; widgets: Widget[] };

/** Most widgets one layout may hold. */
export const LAYOUT_MAX_WIDGETS = 100;
/** Widget ids: letters, digits, `_`, `-`, `.`, `:`; 1 to 160 characters (room for `d-` and a 128-character series name). */
export const WIDGET_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,160}$/;
