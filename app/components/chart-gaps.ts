/**
 * A pause longer than this many typical sample intervals is drawn as a gap, not bridged by a
 * straight line (an outage must look like one).
 */
export const CHART_GAP_MIN_INTERVALS = 3;

/** The typical time between two samples: the median of the steps of `ts` (0 under 2 points). */
export function typicalIntervalMs(ts: readonly number[]): number {
  if (ts.length < 2) return 0;
  const steps: number[] = [];
  for (let i = 1; i < ts.length; i++) steps.push((ts[i] as number) - (ts[i - 1] as number));
  steps.sort((a, b) => a - b);
  return steps[Math.floor(steps.length / 2)] as number;
}

/** Columns ready for the chart: times, then each value column, with `null` where a gap is. */
export type GappedColumns = { ts: number[]; columns: (number | null)[][]; gaps: number };

/**
 * `ts` and its value columns with one `null` row inserted in the middle of every pause longer
 * than CHART_GAP_MIN_INTERVALS typical intervals, so the line stops there instead of bridging
 * it. `gaps` counts the rows inserted.
 */
export function withGaps(
  ts: readonly number[],
  columns: readonly (readonly number[])[],
): GappedColumns {
  const interval = typicalIntervalMs(ts);
  const limit = interval * CHART_GAP_MIN_INTERVALS;
  const out: GappedColumns = { ts: [], columns: columns.map(() => []), gaps: 0 };
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i] as number;
    const before = ts[i - 1];
    if (before !== undefined && interval > 0 && t - before > limit) {
      out.ts.push((before + t) / 2);
      for (const column of out.columns) column.push(null);
      out.gaps++;
    }
    out.ts.push(t);
    for (let c = 0; c < columns.length; c++) out.columns[c]?.push(columns[c]?.[i] ?? null);
  }
  return out;
}

/**
 * Indices of the values that have no neighbour to draw a line to (a single sample, or one
 * between two gaps): they are drawn as points, or they would not show at all. `undefined` is a
 * row another series of the panel owns (alignSeries): it is looked through, as uPlot bridges it;
 * `null` is a gap.
 */
export function isolatedIndices(values: ArrayLike<number | null | undefined>): number[] {
  const lone: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (values[i] == null) continue;
    if (neighbour(values, i, -1) == null && neighbour(values, i, 1) == null) lone.push(i);
  }
  return lone;
}

/** The nearest value before (-1) or after (+1) `i` that is not `undefined`. */
function neighbour(
  values: ArrayLike<number | null | undefined>,
  i: number,
  step: -1 | 1,
): number | null | undefined {
  for (let j = i + step; j >= 0 && j < values.length; j += step) {
    if (values[j] !== undefined) return values[j];
  }
  return undefined;
}

/** One series of a panel: its times (epoch ms, ascending) and values. */
export type SeriesColumns = { ts: readonly number[]; values: readonly number[] };

/**
 * Several series on one time column, as uPlot draws them: the union of their times, each
 * series' value where it has one, `undefined` where only another series has a sample (uPlot
 * bridges it) and `null` in its own gaps (withGaps; uPlot breaks the line there).
 */
export function alignSeries(series: readonly SeriesColumns[]): {
  ts: number[];
  columns: (number | null | undefined)[][];
  gaps: number;
} {
  const gapped = series.map((s) => withGaps(s.ts, [s.values]));
  const ts = [...new Set(gapped.flatMap((g) => g.ts))].sort((a, b) => a - b);
  const row = new Map(ts.map((t, i) => [t, i]));
  const columns = gapped.map((g) => {
    const column: (number | null | undefined)[] = new Array(ts.length).fill(undefined);
    g.ts.forEach((t, i) => {
      column[row.get(t) as number] = g.columns[0]?.[i] ?? null;
    });
    return column;
  });
  return { ts, columns, gaps: gapped.reduce((sum, g) => sum + g.gaps, 0) };
}
