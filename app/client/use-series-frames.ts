'use client';

import { useEffect, useRef } from 'react';
import type { SeriesBuffer } from './series-buffer';
import type { SeriesSource } from './series-source';

/**
 * useSeriesFrame for the several series of one panel: calls `draw` with their buffers (in the
 * order of `names`) at most once per animation frame after any of them changes, and once on
 * mount, outside React rendering.
 */
export function useSeriesFrames(
  store: SeriesSource,
  names: readonly string[],
  draw: (buffers: (SeriesBuffer | undefined)[]) => void,
): void {
  const drawRef = useRef(draw);
  useEffect(() => {
    drawRef.current = draw;
  });
  const key = names.join('\n');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names the series
  useEffect(() => {
    let frame = 0;
    const run = () => {
      frame = 0;
      drawRef.current(names.map((name) => store.get(name)));
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(run);
    };
    const unsubscribes = names.map((name) => store.subscribeSeries(name, schedule));
    schedule();
    return () => {
      for (const unsubscribe of unsubscribes) unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [store, key]);
}
