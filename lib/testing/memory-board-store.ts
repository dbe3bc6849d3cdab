import type { Board, Layout, Widget } from '@/lib/protocol';
import {
  type BoardStore,
  boardExists,
  boardLayoutConflict,
  boardNotFound,
} from '@/lib/store/board-store';

import { type MemoryLayoutHistory, recordMemoryLayoutVersion } from './memory-layout-history-store';

/** One board as the memory engine keeps it. */
export type MemoryBoard = Board & { layout: Layout };

/** {@link BoardStore} in memory (boards keyed by slug, in `boards`). */
export class MemoryBoardStore implements BoardStore {
  readonly #boards: Map<string, MemoryBoard>;
  readonly #history: MemoryLayoutHistory;

  constructor(
    boards: Map<string, MemoryBoard> = new Map(),
    history: MemoryLayoutHistory = new Map(),
  ) {
    this.#boards = boards;
    this.#history = history;
  }

  async list(): Promise<Board[]> {
    return [...this.#boards.values()]
      .map(({ slug, name }) => ({ slug, name }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.slug < b.slug ? -1 : 1));
  }

  async create(board: Board): Promise<Board> {
    if (this.#boards.has(board.slug)) throw boardExists(board.slug);
    this.#boards.set(board.slug, { ...board, layout: { version: 0, widgets: [] } });
    return { slug: board.slug, name: board.name };
  }

  async rename(slug: string, name: string): Promise<Board> {
    const board = this.#boards.get(slug);
    if (!board) throw boardNotFound(slug);
    board.name = name;
    return { slug, name };
  }

  async remove(slug: string): Promise<void> {
    if (!this.#boards.delete(slug)) throw boardNotFound(slug);
    this.#history.delete(slug);
  }

  async layout(slug: string): Promise<Layout> {
    const board = this.#boards.get(slug);
    if (!board) throw boardNotFound(slug);
    return board.layout;
  }

  async putLayout(slug: string, baseVersion: number, widgets: Widget[]): Promise<Layout> {
    const board = this.#boards.get(slug);
    if (!board) throw boardNotFound(slug);
    if (baseVersion !== board.layout.version) {
      throw boardLayoutConflict(slug, baseVersion, board.layout.version);
    }
    board.layout = { version: baseVersion + 1, widgets };
    recordMemoryLayoutVersion(this.#history, slug, board.layout);
    return board.layout;
  }
}
