'use client';

import { type RefObject, useEffect, useState } from 'react';

/**
 * How many columns the CSS grid in `ref` shows now (it fits as many as its width allows), kept
 * current as it is resized; undefined until measured. A widget wider than that is narrowed to
 * it rather than making the grid overflow.
 */
export function useGridColumns(ref: RefObject<HTMLElement | null>): number | undefined {
  const [cols, setCols] = useState<number | undefined>();
  useEffect(() => {
    const grid = ref.current;
    if (!grid) return;
    const measure = () => {
      const tracks = getComputedStyle(grid).gridTemplateColumns.split(' ');
      setCols(tracks.filter((t) => t !== '' && t !== 'none').length || 1);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(grid);
    return () => observer.disconnect();
  });
  return cols;
}
