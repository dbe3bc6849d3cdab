'use client';

import { useCallback, useEffect, useState } from 'react';
import { DEFAULT_BOARD, type Layout, type LayoutHistory, StreamEvent } from '@/lib/protocol';
import { fetchLayout, isLayout, layoutUrl, type SaveResult, saveLayout } from './layout-client';
import { type LayoutChange, LayoutEditor, type LayoutEditorView } from './layout-editor';
import { fetchLayoutHistory, restoreLayoutVersion } from './layout-history-api';
import type { SharedStream } from './shared-stream';

export type SharedLayout = {
  /** Undefined until the first answer. */
  layout: Layout | undefined;
  /** The first `GET /api/layout` has answered (or failed): the board is what it will be. */
  settled: boolean;
  /** The last save problem, shown to the user (cleared by the next successful save). */
  error: string | undefined;
  /** Applies a change at once and saves it (LayoutEditor: no change of a burst is lost). */
  edit: (change: LayoutChange) => void;
  /** Takes back this tab's last change, and only it (what other tabs saved since stays). */
  undo: () => void;
  canUndo: boolean;
  /** The kept versions of this board's layout, newest first (undefined: unreadable). */
  history: () => Promise<LayoutHistory | undefined>;
  /**
   * Saves an older version as the new one (Undo takes it back). Refused (409) when the board was
   * saved meanwhile: the board then shows that save, and a second Restore replaces it.
   */
  restore: (version: number) => Promise<SaveResult>;
};

/**
 * The shared dashboard layout: loaded from `GET /api/layout`, kept current by `event: layout`
 * on the metric stream (and reloaded whenever the stream comes back live, in case an event was
 * missed), edited through a LayoutEditor (changes shown at once, saved one PUT at a time,
 * re-applied when someone else saved first).
 */
export function useLayout(
  subscribeEvent: SharedStream['subscribeEvent'],
  live: boolean,
  board: string = DEFAULT_BOARD.slug,
): SharedLayout {
  const url = layoutUrl(board);
  const [view, setView] = useState<LayoutEditorView>({
    layout: undefined,
    error: undefined,
    canUndo: false,
  });
  const [settled, setSettled] = useState(false);
  const [editor] = useState(
    () =>
      new LayoutEditor(
        { save: (base, widgets) => saveLayout(base, widgets, url), fetch: () => fetchLayout(url) },
        (next) => setView(next),
      ),
  );
  const accept = useCallback((next: Layout) => editor.accept(next), [editor]);

  useEffect(() => {
    if (board === DEFAULT_BOARD.slug) {
      return subscribeEvent(StreamEvent.Layout, (text) => {
        const data = parseJson(text);
        if (isLayout(data)) accept(data);
      });
    }
    return subscribeEvent(StreamEvent.BoardLayout, (text) => {
      const data = parseJson(text) as { board?: unknown } | undefined;
      if (data?.board === board && isLayout(data)) accept(data);
    });
  }, [subscribeEvent, accept, board]);

  useEffect(() => {
    if (!live) return;
    // An answer that comes after the stream dropped again is still good (accept keeps the
    // highest version): a flapping stream must not keep the board from ever settling.
    void fetchLayout(url).then((l) => {
      if (l) accept(l);
      setSettled(true);
    });
  }, [live, accept, url]);

  const edit = useCallback((change: LayoutChange) => editor.edit(change), [editor]);
  const undo = useCallback(() => editor.undo(), [editor]);
  const history = useCallback(() => fetchLayoutHistory(url), [url]);
  const restore = useCallback(
    async (version: number) => {
      const before = editor.view().layout;
      const result = await restoreLayoutVersion(url, version, before?.version ?? 0);
      if (result.ok) editor.replaced(before?.widgets ?? [], result.layout);
      else if (result.conflict) {
        // The save that came first may not have reached this tab yet: show it before the user
        // decides to restore over it.
        const current = await fetchLayout(url);
        if (current) editor.accept(current);
      }
      return result;
    },
    [editor, url],
  );
  return {
    layout: view.layout,
    settled,
    error: view.error,
    edit,
    undo,
    canUndo: view.canUndo,
    history,
    restore,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
