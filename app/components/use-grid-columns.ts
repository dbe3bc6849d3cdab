'use client';

import { type RefObject, useEffect, useState } from 'react';

/**
 * Narrowest a board column gets, in pixels: the grid fits as many columns of at least this as
 * its width allows. Keep in step with `.dashboard-grid`'s `minmax(min(260px, 100%), 1fr)` in
 * app/globals.css. Default 260.
 */
export const GRID_COLUMN_MIN_PX = 260;

/**
 * How many columns the board grid `grid` shows: from its width, gap and GRID_COLUMN_MIN_PX, as
 * `repeat(auto-fill, ...)` lays them out. Not the computed `grid-template-columns`, which also
 * lists the implicit columns a too-wide widget made (it would then never narrow back).
 */
export function gridColumnsOf(grid: Element): number {
  const style = getComputedStyle(grid);
  const gap = Number.parseFloat(style.columnGap) || 0;
  const width =
    grid.clientWidth -
    (Number.parseFloat(style.paddingLeft) || 0) -
    (Number.parseFloat(style.paddingRight) || 0);
  return columnsFor(width, gap);
}

/** Columns of at least GRID_COLUMN_MIN_PX with `gapPx` between them in `widthPx` (at least 1). */
export function columnsFor(widthPx: number, gapPx: number): number {
  return Math.max(1, Math.floor((widthPx + gapPx) / (GRID_COLUMN_MIN_PX + gapPx)));
}

/**
 * How many columns the board grid in `ref` shows now, kept current as it is resized; undefined
 * until measured. A widget wider than that is narrowed to it rather than making the grid
 * overflow.
 */
export function useGridColumns(ref: RefObject<HTMLElement | null>): number | undefined {
  const [cols, setCols] = useState<number | undefined>();
  useEffect(() => {
    const grid = ref.current;
    if (!grid) return;
    const measure = () => setCols(gridColumnsOf(grid));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(grid);
    return () => observer.disconnect();
  });
  return cols;
}
