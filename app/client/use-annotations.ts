'use client';

import { useEffect, useMemo } from 'react';
import {
  ANNOTATIONS_FALLBACK_REFRESH_MS,
  type AnnotationsSource,
  annotationsSource,
  fetchAnnotations,
  followAnnotations,
} from './annotations-source';
import { ANNOTATIONS_CHANGED_EVENT } from './pin-message';
import type { SharedStream } from './shared-stream';

/**
 * The annotations of `board`: each one the stream sends (`event: annotation`, relayed to every
 * tab) at once; the list read when the page opens, whenever the stream is `live` again (what
 * came while it was away), when a message is pinned from this page (ANNOTATIONS_CHANGED_EVENT),
 * and every ANNOTATIONS_FALLBACK_REFRESH_MS.
 */
export function useAnnotations(
  board: string,
  subscribeEvent: SharedStream['subscribeEvent'],
  live: boolean,
): AnnotationsSource {
  const source = useMemo(() => annotationsSource(), []);
  useEffect(
    () => followAnnotations(subscribeEvent, source, board),
    [subscribeEvent, source, board],
  );
  useEffect(() => {
    if (!live) return;
    let stopped = false;
    const read = () =>
      fetchAnnotations(board, Date.now()).then(
        (list) => {
          if (!stopped) source.add(list, board);
        },
        () => {},
      );
    void read();
    const timer = setInterval(read, ANNOTATIONS_FALLBACK_REFRESH_MS);
    // A message pinned from this page's chat shows at once, even before its event.
    window.addEventListener(ANNOTATIONS_CHANGED_EVENT, read);
    return () => {
      stopped = true;
      clearInterval(timer);
      window.removeEventListener(ANNOTATIONS_CHANGED_EVENT, read);
    };
  }, [board, source, live]);
  return source;
}
