'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { type Layout, StreamEvent, type Widget } from '@/lib/protocol';
import { fetchLayout, isLayout, saveLayout } from './layout-client';
import type { SharedStream } from './shared-stream';

export type SharedLayout = {
  /** Undefined until the first answer. */
  layout: Layout | undefined;
  /** The first `GET /api/layout` has answered (or failed): the board is what it will be. */
  settled: boolean;
  /** The last save problem, shown to the user (cleared by the next successful save). */
  error: string | undefined;
  /** Saves a whole new widget list, based on the version this tab holds. */
  save: (widgets: Widget[]) => Promise<void>;
};

/**
 * The shared dashboard layout: loaded from `GET /api/layout`, kept current by `event: layout`
 * on the metric stream (and reloaded whenever the stream comes back live, in case an event was
 * missed). A save based on an old version (409) reloads the layout and tells the user.
 */
export function useLayout(
  subscribeEvent: SharedStream['subscribeEvent'],
  live: boolean,
): SharedLayout {
  const [layout, setLayout] = useState<Layout | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [settled, setSettled] = useState(false);
  const versionRef = useRef(-1);

  const accept = useCallback((next: Layout) => {
    if (next.version < versionRef.current) return;
    versionRef.current = next.version;
    setLayout(next);
  }, []);

  useEffect(
    () =>
      subscribeEvent(StreamEvent.Layout, (text) => {
        const data = parseJson(text);
        if (isLayout(data)) accept(data);
      }),
    [subscribeEvent, accept],
  );

  useEffect(() => {
    if (!live) return;
    // An answer that comes after the stream dropped again is still good (accept keeps the
    // highest version): a flapping stream must not keep the board from ever settling.
    void fetchLayout().then((l) => {
      if (l) accept(l);
      setSettled(true);
    });
  }, [live, accept]);

  const save = useCallback(
    async (widgets: Widget[]) => {
      const result = await saveLayout(Math.max(versionRef.current, 0), widgets);
      if (result.ok) {
        setError(undefined);
        accept(result.layout);
        return;
      }
      if (result.conflict) {
        const current = await fetchLayout();
        if (current) accept(current);
        setError(
          'Someone else changed the layout first: it was reloaded, apply your change again.',
        );
      } else {
        setError(`The layout was not saved: ${result.message}`);
      }
    },
    [accept],
  );

  return { layout, settled, error, save };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
