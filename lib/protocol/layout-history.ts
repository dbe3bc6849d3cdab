/** Wire types of a board's layout history (`GET /api/layout/history`). See docs/protocol.md. */

import type { Widget } from './layout';
import { widgetSpan } from './widget-span';

/**
 * Saved versions of one board's layout kept for its history, the newest ones; an older version
 * is dropped when a save makes one more. Default 50.
 */
export const LAYOUT_HISTORY_MAX = 50;

/** One saved version of a board's layout, as the history lists it. */
export type LayoutVersionInfo = {
  version: number;
  /** When it was saved, in Unix milliseconds. */
  savedAt: number;
  /** How many widgets it holds. */
  widgets: number;
  /** What changed from the version before it (`layoutChangeSummary`). */
  summary: string;
};

/** `GET /api/layout/history` and `GET /api/boards/<slug>/layout/history`: newest first. */
export type LayoutHistory = { versions: LayoutVersionInfo[] };

/** Most widget names one summary spells out before it says "and N more". */
const SUMMARY_NAMES_MAX = 3;

/**
 * What changed between two versions of a layout, in words: widgets added, removed, resized,
 * moved and otherwise edited, e.g. `added host.cpu; resized w2`. `before` undefined (the oldest
 * version kept): the number of widgets.
 */
export function layoutChangeSummary(
  before: readonly Widget[] | undefined,
  after: readonly Widget[],
): string {
  if (before === undefined) return `${after.length} ${after.length === 1 ? 'widget' : 'widgets'}`;
  const old = new Map(before.map((w) => [w.id, w]));
  const now = new Set(after.map((w) => w.id));
  const added = after.filter((w) => !old.has(w.id)).map(label);
  const removed = before.filter((w) => !now.has(w.id)).map(label);
  const resized: string[] = [];
  const edited: string[] = [];
  for (const w of after) {
    const was = old.get(w.id);
    if (!was) continue;
    const a = widgetSpan(was);
    const b = widgetSpan(w);
    const spanChanged = a.w !== b.w || a.h !== b.h || was.size !== w.size;
    if (spanChanged) resized.push(label(w));
    const rest = (x: Widget) => JSON.stringify({ ...x, w: 0, h: 0, size: 0 });
    if (rest(was) !== rest(w)) edited.push(label(w));
  }
  const kept = before.filter((w) => now.has(w.id)).map((w) => w.id);
  const order = after.filter((w) => old.has(w.id)).map((w) => w.id);
  const moved = kept.some((id, i) => order[i] !== id);
  const parts = [
    words('added', added),
    words('removed', removed),
    words('resized', resized),
    words('edited', edited),
    moved ? 'reordered' : '',
  ].filter((p) => p !== '');
  return parts.length > 0 ? parts.join('; ') : 'no change';
}

function label(w: Widget): string {
  return w.title ?? w.series;
}

function words(verb: string, names: readonly string[]): string {
  if (names.length === 0) return '';
  const shown = names.slice(0, SUMMARY_NAMES_MAX).join(', ');
  const more = names.length - SUMMARY_NAMES_MAX;
  return more > 0 ? `${verb} ${shown} and ${more} more` : `${verb} ${shown}`;
}
