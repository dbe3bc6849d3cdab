import type uPlot from 'uplot';
import { chartColors } from '../theme/chart-colors';

/** The levels a chart marks: the widget's `warn` and `critical`, in the series' unit. */
export type ChartThresholds = { warn?: number | undefined; critical?: number | undefined };

/** Opacity of the band drawn above a threshold (the line itself is drawn solid). */
export const THRESHOLD_BAND_ALPHA = 0.08;
/** Dash pattern of a threshold line, in CSS pixels (drawn, gap). */
const THRESHOLD_DASH_PX = [6, 4];

/**
 * A uPlot `draw` hook marking each threshold in view: a dashed line at its value and a faint
 * band of its colour above it (up to the next level), so how close the line runs to a level is
 * read off the chart, not only off the card's colour. Levels outside the value axis are not
 * drawn (the axis is not stretched to them: that would flatten the data).
 */
export function drawThresholds(levels: () => ChartThresholds): (plot: uPlot) => void {
  return (plot) => {
    const { warn, critical } = levels();
    const colors = chartColors();
    const marks = [
      { value: warn, color: colors.warn, upTo: critical },
      { value: critical, color: colors.critical, upTo: undefined },
    ];
    const { ctx, bbox } = plot;
    const yOf = (value: number) => plot.valToPos(value, 'y', true);
    ctx.save();
    for (const mark of marks) {
      if (mark.value === undefined || !Number.isFinite(mark.value)) continue;
      const y = yOf(mark.value);
      if (y < bbox.top || y > bbox.top + bbox.height) continue;
      const top = mark.upTo === undefined ? bbox.top : Math.max(bbox.top, yOf(mark.upTo));
      ctx.globalAlpha = THRESHOLD_BAND_ALPHA;
      ctx.fillStyle = mark.color;
      ctx.fillRect(bbox.left, top, bbox.width, Math.max(0, y - top));
      ctx.globalAlpha = 1;
      ctx.strokeStyle = mark.color;
      ctx.lineWidth = Math.max(1, devicePixelRatio);
      ctx.setLineDash(THRESHOLD_DASH_PX.map((px) => px * devicePixelRatio));
      ctx.beginPath();
      ctx.moveTo(bbox.left, y);
      ctx.lineTo(bbox.left + bbox.width, y);
      ctx.stroke();
    }
    ctx.restore();
  };
}

/** The thresholds in view on `plot`'s value axis, for tests and readers (`data-thresholds`). */
export function thresholdsInView(plot: uPlot, levels: ChartThresholds): string {
  const { min, max } = plot.scales.y ?? {};
  if (min == null || max == null) return '';
  return (['warn', 'critical'] as const)
    .filter(
      (k) =>
        levels[k] !== undefined && (levels[k] as number) >= min && (levels[k] as number) <= max,
    )
    .join(' ');
}
