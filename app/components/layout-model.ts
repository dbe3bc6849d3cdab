import type { SeriesInfo, Widget, WidgetKind } from '@/lib/protocol';

/**
 * Id of the default line widget of a series that has no widget in the layout: `d-<key>` for a
 * series without labels (as before labels, so links to them keep working); for a labelled key,
 * which holds characters an id may not (WIDGET_ID_PATTERN), `d-<metric>.<hash of the key>`.
 */
export function defaultWidgetId(series: string): string {
  const brace = series.indexOf('{');
  if (brace === -1) return `d-${series}`;
  return `d-${series.slice(0, brace)}.${keyHash(series)}`;
}

/** A 53-bit hash of a key (cyrb53), in base 36: at most 11 characters. */
function keyHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * Most widgets the board fills itself with: default line widgets are added for series without
 * a widget only while the board (saved widgets included) has fewer than this. Saved widgets are
 * always all shown. Default 24.
 */
export const DEFAULT_BOARD_MAX_WIDGETS = 24;
/** Series names the collector writes (the server's own host and process): shown first. */
export const PREFERRED_SERIES_PREFIXES: readonly string[] = ['host.', 'server.'];

/** What the board shows, and how many known series it leaves out. */
export type Board = {
  widgets: Widget[];
  /** Known series (listed or omitted by the snapshot) with no widget on the board. */
  hiddenSeries: number;
};

/**
 * What the board shows: the layout's widgets, then default line widgets for series that have
 * none, the collector's first, then in the order the page learned them, until the board holds
 * DEFAULT_BOARD_MAX_WIDGETS (so a freshly pushed series appears by itself while there is room,
 * and ten thousand series do not become ten thousand widgets). `omitted`: series the snapshot
 * did not list (they count as hidden).
 */
export function boardWidgets(
  layout: readonly Widget[],
  series: readonly SeriesInfo[],
  omitted = 0,
  max: number = DEFAULT_BOARD_MAX_WIDGETS,
): Board {
  const covered = new Set(layout.flatMap(widgetSeries));
  const room = Math.max(0, max - layout.length);
  const uncovered = series.filter((s) => !covered.has(s.name));
  const preferred = uncovered.filter((s) => isPreferred(s.name));
  const others = room > preferred.length ? uncovered.filter((s) => !isPreferred(s.name)) : [];
  const defaults = [...preferred, ...others]
    .slice(0, room)
    .map((s): Widget => ({ id: defaultWidgetId(s.name), series: s.name, kind: 'line', size: 'm' }));
  return {
    widgets: [...layout, ...defaults],
    hiddenSeries: uncovered.length - defaults.length + Math.max(0, omitted),
  };
}

function isPreferred(name: string): boolean {
  return PREFERRED_SERIES_PREFIXES.some((prefix) => name.startsWith(prefix));
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
