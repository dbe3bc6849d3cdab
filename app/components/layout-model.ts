import {
  GAUGE_DEFAULT_MAX,
  GAUGE_DEFAULT_MIN,
  type SeriesInfo,
  type Widget,
  type WidgetKind,
} from '@/lib/protocol';

/** Id of the default line widget of a series that has no widget in the layout. */
export function defaultWidgetId(series: string): string {
  return `d-${series}`;
}

/**
 * What the board shows: the layout's widgets, then a default line widget for every known series
 * that has none (so a freshly pushed series appears by itself).
 */
export function effectiveWidgets(
  layout: readonly Widget[],
  series: readonly SeriesInfo[],
): Widget[] {
  const covered = new Set(layout.map((w) => w.series));
  const defaults = series
    .filter((s) => !covered.has(s.name))
    .map((s): Widget => ({ id: defaultWidgetId(s.name), series: s.name, kind: 'line', size: 'm' }));
  return [...layout, ...defaults];
}

/** Moves the widget `id` by `delta` places (clamped at both ends). */
export function moveWidget(widgets: readonly Widget[], id: string, delta: number): Widget[] {
  const from = widgets.findIndex((w) => w.id === id);
  if (from < 0) return [...widgets];
  const to = Math.max(0, Math.min(widgets.length - 1, from + delta));
  const next = [...widgets];
  const [moved] = next.splice(from, 1);
  if (moved) next.splice(to, 0, moved);
  return next;
}

export function removeWidget(widgets: readonly Widget[], id: string): Widget[] {
  return widgets.filter((w) => w.id !== id);
}

export function updateWidget(
  widgets: readonly Widget[],
  id: string,
  change: (w: Widget) => Widget,
): Widget[] {
  return widgets.map((w) => (w.id === id ? change(w) : w));
}

/** A new widget with an id not yet used on the board. */
export function addWidget(widgets: readonly Widget[], series: string, kind: WidgetKind): Widget[] {
  const used = new Set(widgets.map((w) => w.id));
  let n = widgets.length + 1;
  while (used.has(`w${n}`)) n++;
  return [...widgets, { id: `w${n}`, series, kind, size: 'm' }];
}

/** Sets or clears (`undefined`) one optional number of a widget. */
export function withNumber(
  widget: Widget,
  key: 'warn' | 'critical' | 'min' | 'max',
  value: number | undefined,
): Widget {
  const next = { ...widget };
  if (value === undefined || !Number.isFinite(value)) delete next[key];
  else next[key] = value;
  return next;
}

export type ThresholdLevel = 'ok' | 'warn' | 'critical';

/** Red at value >= critical, amber at value >= warn. */
export function thresholdLevel(value: number | undefined, widget: Widget): ThresholdLevel {
  if (value === undefined || !Number.isFinite(value)) return 'ok';
  if (widget.critical !== undefined && value >= widget.critical) return 'critical';
  if (widget.warn !== undefined && value >= widget.warn) return 'warn';
  return 'ok';
}

/** The gauge's fill, 0..1, on the widget's scale (default 0..100). */
export function gaugeFraction(value: number, widget: Widget): number {
  const min = widget.min ?? GAUGE_DEFAULT_MIN;
  const max = widget.max ?? GAUGE_DEFAULT_MAX;
  if (!Number.isFinite(value) || max <= min) return 0;
  return Math.max(0, Math.min(1, (value - min) / (max - min)));
}
