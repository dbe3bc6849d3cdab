import type { Board, Layout } from '@/lib/protocol';
import { fetchLayout, layoutUrl, saveLayout } from './layout-client';

/** The boards path (served by the node request router). */
export const BOARDS_URL = '/api/boards';

/** What a boards request came to: its answer, or the server's words for why not. */
export type BoardsResult<T> = { ok: true; value: T } | { ok: false; message: string };

async function call<T>(url: string, init: RequestInit = {}): Promise<BoardsResult<T>> {
  try {
    const response = await fetch(url, {
      cache: 'no-store',
      ...init,
      headers: init.body ? { 'Content-Type': 'application/json' } : {},
    });
    if (response.status === 204) return { ok: true, value: undefined as T };
    const body: unknown = await response.json();
    if (response.ok) return { ok: true, value: body as T };
    const message =
      (body as { error?: { message?: string } })?.error?.message ?? `HTTP ${response.status}`;
    return { ok: false, message };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : 'network error' };
  }
}

/** Every board, the default one first. */
export async function listBoards(): Promise<BoardsResult<Board[]>> {
  const answer = await call<{ boards: Board[] }>(BOARDS_URL);
  return answer.ok ? { ok: true, value: answer.value.boards } : answer;
}

export function createBoard(name: string): Promise<BoardsResult<Board>> {
  return call<Board>(BOARDS_URL, { method: 'POST', body: JSON.stringify({ name }) });
}

export function renameBoard(slug: string, name: string): Promise<BoardsResult<Board>> {
  return call<Board>(`${BOARDS_URL}/${slug}`, { method: 'PATCH', body: JSON.stringify({ name }) });
}

export function deleteBoard(slug: string): Promise<BoardsResult<void>> {
  return call<void>(`${BOARDS_URL}/${slug}`, { method: 'DELETE' });
}

/** A new board named `name` with the widgets of board `from` (its layout at version 1). */
export async function duplicateBoard(from: string, name: string): Promise<BoardsResult<Board>> {
  const source: Layout | undefined = await fetchLayout(layoutUrl(from));
  if (!source) return { ok: false, message: `the layout of ${from} could not be read` };
  const created = await createBoard(name);
  if (!created.ok) return created;
  const saved = await saveLayout(0, source.widgets, layoutUrl(created.value.slug));
  return saved.ok ? created : { ok: false, message: saved.message };
}
