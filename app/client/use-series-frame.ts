'use client';

import type { SeriesBuffer } from './series-buffer';
import type { SeriesSource } from './series-source';
import { useSeriesFrames } from './use-series-frames';

/**
 * Calls `draw` with the series' points at most once per animation frame after it changes
 * (and once on mount), outside React rendering: a sample costs a redraw, not a re-render.
 */
export function useSeriesFrame(
  store: SeriesSource,
  name: string,
  draw: (buffer: SeriesBuffer | undefined) => void,
): void {
  useSeriesFrames(store, [name], (buffers) => draw(buffers[0]));
}
