import { AppError } from '@/lib/errors';
import type { Layout, Widget } from '@/lib/protocol';

/** The layout before anyone saved one: no widgets (every series shows as a default line). */
export const EMPTY_LAYOUT: Layout = { version: 0, widgets: [] };

/**
 * The shared dashboard layout, with an optimistic version check: a write names the version it
 * was based on and is refused (`conflict`, 409) when another write came first. Saves resolve
 * in the order of the versions they create, so announcing each saved layout as its `put`
 * resolves never announces an older version after a newer one.
 */
export interface LayoutStore {
  /** The current layout (EMPTY_LAYOUT before the first save). */
  get(): Promise<Layout>;
  /** Replaces the widgets when `baseVersion` is current; resolves with the new layout. */
  put(baseVersion: number, widgets: Widget[]): Promise<Layout>;
}

/** The error every engine throws when `baseVersion` is not the current version. */
export function layoutConflict(baseVersion: number, current: number): AppError {
  return new AppError(
    'conflict',
    `the layout changed since version ${baseVersion}; it is now version ${current}: reload it and apply your change again`,
  );
}
