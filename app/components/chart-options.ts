import type uPlot from 'uplot';
import type { SeriesBuffer } from '../hooks/series-buffer';
import { chartColors } from '../theme/chart-colors';
import { formatTimeTicks, formatValueTicks, valueRange } from './axis-format';

/** Height of every widget chart, in CSS pixels. */
export const CHART_HEIGHT_PX = 120;
/** Width reserved for the value axis labels, in CSS pixels. */
export const CHART_VALUE_AXIS_WIDTH_PX = 64;
/** Height of the time axis, in CSS pixels. */
export const CHART_TIME_AXIS_HEIGHT_PX = 22;
/** Least room between two time ticks, in CSS pixels (a label is "23:59:59"). */
export const CHART_TIME_TICK_SPACING_PX = 70;

const AXIS_FONT = '11px system-ui, sans-serif';

/** uPlot's columns for a buffer: times in seconds (uPlot's time unit) and values. */
export function toChartData(buffer: SeriesBuffer | undefined): uPlot.AlignedData {
  if (!buffer) return [[], []];
  return [buffer.ts.map((ms) => ms / 1000), buffer.values];
}

/**
 * Options of one widget chart: a single filled line, no legend, values labelled by unit.
 * Colours are functions of the current theme (CSS custom properties), evaluated on each draw,
 * so a theme change needs only a redraw.
 */
export function chartOptions(widthPx: number, unit: string | undefined): uPlot.Options {
  const axis = {
    stroke: () => chartColors().axis,
    font: AXIS_FONT,
    grid: { stroke: () => chartColors().grid, width: 1 },
    ticks: { show: false },
  };
  return {
    width: Math.max(widthPx, 1),
    height: CHART_HEIGHT_PX,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: (_self, min, max) => valueRange(min, max) } },
    axes: [
      {
        ...axis,
        size: CHART_TIME_AXIS_HEIGHT_PX,
        space: CHART_TIME_TICK_SPACING_PX,
        values: (_self, splits) => formatTimeTicks(splits),
      },
      {
        ...axis,
        size: CHART_VALUE_AXIS_WIDTH_PX,
        values: (_self, splits) => formatValueTicks(splits, unit),
      },
    ],
    series: [
      {},
      {
        stroke: () => chartColors().line,
        fill: () => chartColors().fill,
        width: 1.5,
        points: { show: false },
      },
    ],
  };
}
