import type { Layout, LayoutVersionInfo, Widget } from '@/lib/protocol';
import {
  type LayoutHistoryRecord,
  type LayoutHistoryStore,
  layoutHistoryList,
  oldestKeptVersion,
} from '@/lib/store/layout-history-store';

/** Each board's kept versions, oldest first, by board key (shared by the handles). */
export type MemoryLayoutHistory = Map<string, LayoutHistoryRecord[]>;

/** {@link LayoutHistoryStore} in memory. */
export class MemoryLayoutHistoryStore implements LayoutHistoryStore {
  readonly #history: MemoryLayoutHistory;

  constructor(history: MemoryLayoutHistory) {
    this.#history = history;
  }

  async list(board: string): Promise<LayoutVersionInfo[]> {
    return layoutHistoryList([...(this.#history.get(board) ?? [])].reverse());
  }

  async get(board: string, version: number): Promise<Layout | undefined> {
    const found = this.#history.get(board)?.find((r) => r.version === version);
    return found ? { version, widgets: JSON.parse(found.json) as Widget[] } : undefined;
  }
}

/** Keeps a saved version (as the engines do in the save) and drops the ones past the bound. */
export function recordMemoryLayoutVersion(
  history: MemoryLayoutHistory,
  board: string,
  layout: Layout,
): void {
  const kept = (history.get(board) ?? []).filter(
    (r) => r.version >= oldestKeptVersion(layout.version),
  );
  kept.push({ version: layout.version, savedAt: Date.now(), json: JSON.stringify(layout.widgets) });
  history.set(board, kept);
}
