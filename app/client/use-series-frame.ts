'use client';

import { useEffect, useRef } from 'react';
import type { SeriesBuffer } from './series-buffer';
import type { SeriesSource } from './series-source';

/**
 * Calls `draw` with the series' points at most once per animation frame after it changes
 * (and once on mount), outside React rendering: a sample costs a redraw, not a re-render.
 */
export function useSeriesFrame(
  store: SeriesSource,
  name: string,
  draw: (buffer: SeriesBuffer | undefined) => void,
): void {
  const drawRef = useRef(draw);
  // Keep the latest callback without resubscribing (effects run in order, before any frame).
  useEffect(() => {
    drawRef.current = draw;
  });
  useEffect(() => {
    let frame = 0;
    const run = () => {
      frame = 0;
      drawRef.current(store.get(name));
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(run);
    };
    const unsubscribe = store.subscribeSeries(name, schedule);
    schedule();
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [store, name]);
}
