import {
  DEFAULT_BOARD,
  LAYOUT_HISTORY_MAX,
  type Layout,
  type LayoutVersionInfo,
  layoutChangeSummary,
  type Widget,
} from '@/lib/protocol';

/** The board key of the default board's history (its layout is the LayoutStore's). */
export const DEFAULT_BOARD_HISTORY = DEFAULT_BOARD.slug;

/**
 * Every saved version of each board's layout, at most LAYOUT_HISTORY_MAX per board (the newest).
 * The engines write a version in the same transaction (or statement) as the save that makes it
 * (`LayoutStore.put`, `BoardStore.putLayout`), drop the oldest past the bound there, and drop a
 * board's history with the board: history is never rewritten, a restore is a new save.
 */
export interface LayoutHistoryStore {
  /** The versions of `board`'s layout kept, newest first; [] for a board never saved. */
  list(board: string): Promise<LayoutVersionInfo[]>;
  /** One version's layout; undefined when it is not kept (never saved, or dropped). */
  get(board: string, version: number): Promise<Layout | undefined>;
}

/** A stored version as the engines read it. */
export type LayoutHistoryRecord = { version: number; savedAt: number; json: string };

/**
 * The history list from stored versions, newest first: each summarised against the version
 * kept just before it (the oldest kept: its widget count).
 */
export function layoutHistoryList(
  newestFirst: readonly LayoutHistoryRecord[],
): LayoutVersionInfo[] {
  const widgets = newestFirst.map((r) => JSON.parse(r.json) as Widget[]);
  return newestFirst.map((r, i) => {
    const now = widgets[i] ?? [];
    return {
      version: r.version,
      savedAt: r.savedAt,
      widgets: now.length,
      summary: layoutChangeSummary(widgets[i + 1], now),
    };
  });
}

/** The lowest version a board keeps once `version` is saved (older ones are dropped). */
export function oldestKeptVersion(version: number): number {
  return version - LAYOUT_HISTORY_MAX + 1;
}
