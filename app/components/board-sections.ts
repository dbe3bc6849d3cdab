import type { Widget } from '@/lib/protocol';

/** One group of the board: the widgets of one section (or of none), with their board index. */
export type BoardSection = {
  /** The section's name; undefined for the widgets that sit in none (shown first). */
  name: string | undefined;
  items: { widget: Widget; index: number }[];
};

/**
 * The board's widgets grouped by section: those in none first, then each section in the order
 * of its first widget; within a group, the board's order. `index` is the widget's place on the
 * board (what moving it changes).
 */
export function boardSections(widgets: readonly Widget[]): BoardSection[] {
  const groups = new Map<string | undefined, BoardSection>([
    [undefined, { name: undefined, items: [] }],
  ]);
  widgets.forEach((widget, index) => {
    let group = groups.get(widget.section);
    if (!group) {
      group = { name: widget.section, items: [] };
      groups.set(widget.section, group);
    }
    group.items.push({ widget, index });
  });
  return [...groups.values()].filter((g) => g.items.length > 0);
}

/** Where a viewer's collapsed sections are kept (this browser only: the board is shared). */
export const COLLAPSED_SECTIONS_STORAGE_KEY = 'pulseboard.collapsedSections';

/** The collapsed section names stored in this browser (none when unreadable). */
export function readCollapsed(storage: Pick<Storage, 'getItem'> | undefined): Set<string> {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(COLLAPSED_SECTIONS_STORAGE_KEY) ?? '[]');
    return new Set(Array.isArray(parsed) ? parsed.filter((s) => typeof s === 'string') : []);
  } catch {
    return new Set();
  }
}
