import type uPlot from 'uplot';
import type { SeriesBuffer } from '../hooks/series-buffer';
import { formatTimeTicks, formatValueTicks, valueRange } from './axis-format';

/** Height of every widget chart, in CSS pixels. */
export const CHART_HEIGHT_PX = 120;
/** Width reserved for the value axis labels, in CSS pixels. */
export const CHART_VALUE_AXIS_WIDTH_PX = 64;
/** Height of the time axis, in CSS pixels. */
export const CHART_TIME_AXIS_HEIGHT_PX = 22;
/** Least room between two time ticks, in CSS pixels (a label is "23:59:59"). */
export const CHART_TIME_TICK_SPACING_PX = 70;

const AXIS_COLOR = '#8b93a1';
const GRID_COLOR = 'rgba(255, 255, 255, 0.07)';
const LINE_COLOR = '#4cc2ff';
const FILL_COLOR = 'rgba(76, 194, 255, 0.12)';
const AXIS_FONT = '11px system-ui, sans-serif';

/** uPlot's columns for a buffer: times in seconds (uPlot's time unit) and values. */
export function toChartData(buffer: SeriesBuffer | undefined): uPlot.AlignedData {
  if (!buffer) return [[], []];
  return [buffer.ts.map((ms) => ms / 1000), buffer.values];
}

/** Options of one widget chart: a single filled line, no legend, values labelled by unit. */
export function chartOptions(widthPx: number, unit: string | undefined): uPlot.Options {
  const axis = {
    stroke: AXIS_COLOR,
    font: AXIS_FONT,
    grid: { stroke: GRID_COLOR, width: 1 },
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
    series: [{}, { stroke: LINE_COLOR, fill: FILL_COLOR, width: 1.5, points: { show: false } }],
  };
}
