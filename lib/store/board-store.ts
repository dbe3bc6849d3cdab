import { AppError } from '@/lib/errors';
import type { Board, Layout, Widget } from '@/lib/protocol';

/**
 * The boards besides the default one (whose layout is the LayoutStore's), each with its own
 * layout under the same optimistic version check. Every method is async.
 */
export interface BoardStore {
  /** Every board, by name (then slug). */
  list(): Promise<Board[]>;
  /** Adds a board with an empty layout; `conflict` when the slug is taken. */
  create(board: Board): Promise<Board>;
  /** Renames a board; `not_found` when there is none. */
  rename(slug: string, name: string): Promise<Board>;
  /** Deletes a board and its layout; `not_found` when there is none. */
  remove(slug: string): Promise<void>;
  /** A board's layout; `not_found` when there is no such board. */
  layout(slug: string): Promise<Layout>;
  /** Replaces a board's widgets when `baseVersion` is current (else `conflict`). */
  putLayout(slug: string, baseVersion: number, widgets: Widget[]): Promise<Layout>;
}

/** The error every engine throws for a board that does not exist. */
export function boardNotFound(slug: string): AppError {
  return new AppError('not_found', `there is no board ${slug}`);
}

/** The error every engine throws when a new board's slug is taken. */
export function boardExists(slug: string): AppError {
  return new AppError('conflict', `a board ${slug} exists already`);
}

/** The error every engine throws when a save is based on an old version of a board's layout. */
export function boardLayoutConflict(slug: string, baseVersion: number, current: number): AppError {
  return new AppError(
    'conflict',
    `the layout of board ${slug} changed since version ${baseVersion}; it is now version ${current}: reload it and apply your change again`,
  );
}
