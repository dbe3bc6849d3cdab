import { defaultWidgetId, type SeriesInfo, type Widget, type WidgetKind } from '@/lib/protocol';

export { defaultWidgetId } from '@/lib/protocol';

/** What the board shows, and the known series it leaves out (the "Unplaced series" drawer). */
export type Board = {
  /** The layout's widgets: nothing is added by itself (a series is placed from the drawer). */
  widgets: Widget[];
  /** Known series with no widget on the board, in the order the page learned them. */
  unplaced: SeriesInfo[];
  /** Series with no widget, those the snapshot did not list (`omitted`) included. */
  hiddenSeries: number;
};

/**
 * What the board shows: exactly the layout's widgets. A series without a widget, freshly
 * pushed or removed from the board, is not appended: it is listed in the "Unplaced series"
 * drawer, from which it is placed (so a removed series stays removed, for everyone, across
 * reloads). `omitted`: series the snapshot did not list (they count as unplaced).
 */
export function boardWidgets(
  layout: readonly Widget[],
  series: readonly SeriesInfo[],
  omitted = 0,
): Board {
  const covered = new Set(layout.flatMap(widgetSeries));
  const unplaced = series.filter((s) => !covered.has(s.name));
  return {
    widgets: [...layout],
    unplaced,
    hiddenSeries: unplaced.length + Math.max(0, omitted),
  };
}

/**
 * The board with a line widget of `series` added at the end (placed from the drawer): its id is
 * the series' default id (`defaultWidgetId`, so links to it keep working) unless taken.
 * Unchanged when a widget already draws it.
 */
export function placeSeries(widgets: readonly Widget[], series: string): Widget[] {
  if (widgets.some((w) => widgetSeries(w).includes(series))) return [...widgets];
  const id = defaultWidgetId(series);
  if (widgets.some((w) => w.id === id)) return addWidget(widgets, series, 'line');
  return [...widgets, { id, series, kind: 'line', size: 'm' }];
}

/** Every series a widget draws: its own, then the panel's extra series. */
export function widgetSeries(widget: Widget): string[] {
  return [widget.series, ...(widget.extraSeries ?? [])];
}

/**
 * The layout without `series` (the series was deleted): the widgets whose own series it is are
 * gone, and panels that draw it besides their own drop it (with its display name).
 */
export function removeSeriesWidgets(widgets: readonly Widget[], series: string): Widget[] {
  return widgets
    .filter((w) => w.series !== series)
    .map((w) => (w.extraSeries?.includes(series) ? removeFromPanel(w, series) : w));
}

/** Adds `series` to the panel `widget` (after its others), unless it draws it already. */
export function addToPanel(widget: Widget, series: string): Widget {
  if (widgetSeries(widget).includes(series)) return widget;
  return { ...widget, extraSeries: [...(widget.extraSeries ?? []), series] };
}

/**
 * The board after adding `series` to the panel `id`: the series' default widget (`d-...`,
 * saved with the board) goes, as it is drawn on the panel now; widgets someone added stay.
 */
export function addSeriesToPanel(widgets: readonly Widget[], id: string, series: string): Widget[] {
  const defaultId = defaultWidgetId(series);
  return widgets
    .filter((w) => w.id === id || !(w.id === defaultId && w.series === series))
    .map((w) => (w.id === id ? addToPanel(w, series) : w));
}

/** The panel `widget` without its extra series `series` (and that series' display name). */
export function removeFromPanel(widget: Widget, series: string): Widget {
  const at = widget.extraSeries?.indexOf(series) ?? -1;
  if (at < 0) return widget;
  const next: Widget = { ...widget, extraSeries: widget.extraSeries?.filter((s) => s !== series) };
  if (next.extraSeries?.length === 0) delete next.extraSeries;
  if (widget.names) {
    const names = widget.names.filter((_, i) => i !== at + 1);
    if (names.some((n) => n !== '')) next.names = names;
    else delete next.names;
  }
  return next;
}

/** Sets (or clears, with an empty text) the display name of the panel's series at `index`. */
export function withDisplayName(widget: Widget, index: number, name: string): Widget {
  const count = widgetSeries(widget).length;
  const names = Array.from({ length: count }, (_, i) => widget.names?.[i] ?? '');
  names[index] = name.trim();
  while (names.length > 0 && names[names.length - 1] === '') names.pop();
  const next = { ...widget };
  if (names.length > 0) next.names = names;
  else delete next.names;
  return next;
}

/** Sets or clears (empty text) one text field of a widget: its title, unit or section. */
export function withText(widget: Widget, key: 'title' | 'unit' | 'section', text: string): Widget {
  const next = { ...widget };
  const value = text.trim();
  if (value === '') delete next[key];
  else next[key] = value;
  return next;
}

/**
 * Moves the widget `id` by `delta` places among the widgets of its own section (clamped at both
 * ends), as the board shows them: past a widget of another section it would seem not to move.
 */
export function moveWidget(widgets: readonly Widget[], id: string, delta: number): Widget[] {
  const from = widgets.findIndex((w) => w.id === id);
  if (from < 0) return [...widgets];
  const section = widgets[from]?.section;
  const peers = widgets.flatMap((w, i) => (w.section === section ? [i] : []));
  const place = peers.indexOf(from);
  const to = peers[Math.max(0, Math.min(peers.length - 1, place + delta))] as number;
  const next = [...widgets];
  const [moved] = next.splice(from, 1);
  if (moved) next.splice(to, 0, moved);
  return next;
}

/**
 * The board with the widget `id` moved to just before `targetId` (a drop on it), into the
 * target's section.
 */
export function moveWidgetBefore(
  widgets: readonly Widget[],
  id: string,
  targetId: string,
): Widget[] {
  const moving = widgets.find((w) => w.id === id);
  const target = widgets.find((w) => w.id === targetId);
  if (!moving || !target || id === targetId) return [...widgets];
  const moved: Widget = { ...moving };
  if (target.section === undefined) delete moved.section;
  else moved.section = target.section;
  const rest = widgets.filter((w) => w.id !== id);
  const at = rest.findIndex((w) => w.id === targetId);
  return [...rest.slice(0, at), moved, ...rest.slice(at)];
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
