'use client';

import { useEffect, useMemo } from 'react';
import {
  ANNOTATIONS_REFRESH_MS,
  type AnnotationsSource,
  annotationsSource,
  fetchAnnotations,
} from './annotations-source';
import { ANNOTATIONS_CHANGED_EVENT } from './pin-message';

/**
 * The annotations of `board`, read at once, every ANNOTATIONS_REFRESH_MS, and when a message
 * is pinned from this page (ANNOTATIONS_CHANGED_EVENT).
 */
export function useAnnotations(board: string): AnnotationsSource {
  const source = useMemo(() => annotationsSource(), []);
  useEffect(() => {
    let stopped = false;
    const read = () =>
      fetchAnnotations(board, Date.now()).then(
        (list) => {
          if (!stopped) source.set(list);
        },
        () => {},
      );
    void read();
    const timer = setInterval(read, ANNOTATIONS_REFRESH_MS);
    // A message pinned from this page's chat shows at once.
    window.addEventListener(ANNOTATIONS_CHANGED_EVENT, read);
    return () => {
      stopped = true;
      clearInterval(timer);
      window.removeEventListener(ANNOTATIONS_CHANGED_EVENT, read);
    };
  }, [board, source]);
  return source;
}
