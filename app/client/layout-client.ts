import type { Layout, Widget } from '@/lib/protocol';

import { DEFAULT_BOARD } from '@/lib/protocol';

/** The default board's layout path (served by the node request router). */
export const LAYOUT_URL = '/api/layout';

/** The layout URL of `board`: `/api/layout` for the default board, else its boards path. */
export function layoutUrl(board: string = DEFAULT_BOARD.slug): string {
  return board === DEFAULT_BOARD.slug ? LAYOUT_URL : `/api/boards/${board}/layout`;
}

/** A PUT refused because someone else saved first (409 `conflict`): the current layout. */
export type SaveResult =
  | { ok: true; layout: Layout }
  | { ok: false; conflict: boolean; message: string };

/** Whether a value received from the server (GET answer or `event: layout`) looks like a Layout. */
export function isLayout(value: unknown): value is Layout {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { version?: unknown; widgets?: unknown };
  return typeof v.version === 'number' && Array.isArray(v.widgets);
}

/** The layout of `board` (default: the default board); undefined when it cannot be read. */
export async function fetchLayout(url: string = LAYOUT_URL): Promise<Layout | undefined> {
  try {
    const response = await fetch(url, { cache: 'no-store' });
    const body: unknown = await response.json();
    return response.ok && isLayout(body) ? body : undefined;
  } catch {
    return undefined;
  }
}

/** Saves `widgets` as the next version of the layout at `url`, based on `baseVersion`. */
export function saveLayout(
  baseVersion: number,
  widgets: Widget[],
  url: string = LAYOUT_URL,
): Promise<SaveResult> {
  return writeLayout(url, 'PUT', { baseVersion, widgets });
}

/**
 * A write answered with the new layout (a save, a restore): the layout, or why not (409
 * `conflict`: someone saved first; else the server's message, or the network error).
 */
export async function writeLayout(
  url: string,
  method: 'PUT' | 'POST',
  payload: unknown,
): Promise<SaveResult> {
  try {
    const response = await fetch(url, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
    });
    const body: unknown = await response.json();
    if (response.ok && isLayout(body)) return { ok: true, layout: body };
    const message =
      (body as { error?: { message?: string } })?.error?.message ?? `HTTP ${response.status}`;
    return { ok: false, conflict: response.status === 409, message };
  } catch (error) {
    return {
      ok: false,
      conflict: false,
      message: error instanceof Error ? error.message : 'network error',
    };
  }
}
