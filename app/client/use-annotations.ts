'use client';

import { useEffect, useMemo } from 'react';
import {
  ANNOTATIONS_REFRESH_MS,
  type AnnotationsSource,
  annotationsSource,
  fetchAnnotations,
} from './annotations-source';

/** The annotations of `board`, read at once and every ANNOTATIONS_REFRESH_MS. */
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
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [board, source]);
  return source;
}
