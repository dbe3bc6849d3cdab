import type uPlot from 'uplot';
import type { SeriesBuffer } from '../client/series-buffer';
import { clockTime } from '../client/staleness';
import { legendStats } from './chart-legend-stats';
import { type ChartThresholds, thresholdsInView } from './chart-thresholds';
import { formatValue } from './format-value';

/** What the chart draws, on its host element (read by tests and by curious readers). */
export function describeDrawn(
  host: HTMLElement,
  plot: uPlot,
  primary: SeriesBuffer | undefined,
  gaps: number,
  thresholds: ChartThresholds,
): void {
  host.dataset.points = String(primary?.ts.length ?? 0);
  host.dataset.lastTs = String(primary?.ts[primary.ts.length - 1] ?? '');
  host.dataset.gaps = String(gaps);
  const { min, max } = plot.scales.x ?? {};
  host.dataset.xFrom = min == null ? '' : String(Math.round(min * 1000));
  host.dataset.xTo = max == null ? '' : String(Math.round(max * 1000));
  host.dataset.thresholds = thresholdsInView(plot, thresholds);
}

/**
 * Writes each series' last, min, max and avg over the drawn span into the legend's rows (one
 * `<tr>` per series, cells `data-stat="last|min|max|avg"`), outside React renders.
 */
export function writeLegend(
  body: HTMLTableSectionElement | null,
  plot: uPlot,
  buffers: readonly (SeriesBuffer | undefined)[],
  unit: string | undefined,
): void {
  if (!body) return;
  const fromMs = (plot.scales.x?.min ?? 0) * 1000;
  buffers.forEach((buffer, i) => {
    const row = body.rows[i];
    if (!row) return;
    const stats = legendStats(buffer, fromMs);
    for (const cell of row.querySelectorAll<HTMLElement>('[data-stat]')) {
      const value = stats?.[cell.dataset.stat as keyof typeof stats];
      cell.textContent = value === undefined ? '–' : formatValue(value, unit);
    }
  });
}

/**
 * Writes the values at the cursor under the chart (empty when the cursor is away): the time,
 * then each series' value (with the bucket's min – max for a lone rolled-up series).
 */
export function showReadout(
  element: HTMLElement | null,
  plot: uPlot,
  index: number | null,
  unit: string | undefined,
  labels: readonly string[],
): void {
  if (!element) return;
  const ts = index === null ? undefined : plot.data[0]?.[index];
  if (index === null || ts == null) {
    element.textContent = '';
    return;
  }
  if (labels.length > 1) {
    const values = labels
      .map((label, i) => {
        const value = plot.data[i + 1]?.[index];
        return value == null ? undefined : `${label} ${formatValue(value, unit)}`;
      })
      .filter((text) => text !== undefined);
    element.textContent = values.length ? `${clockTime(ts * 1000)} ${values.join(' · ')}` : '';
    return;
  }
  const value = plot.data[1]?.[index];
  if (value == null) {
    element.textContent = '';
    return;
  }
  const min = plot.data[2]?.[index];
  const max = plot.data[3]?.[index];
  const band =
    min != null && max != null ? ` (${formatValue(min, unit)} – ${formatValue(max, unit)})` : '';
  element.textContent = `${clockTime(ts * 1000)} ${formatValue(value, unit)}${band}`;
}
