import type uPlot from 'uplot';
import type { SeriesBuffer } from '../client/series-buffer';
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

/** uPlot cursor sync key shared by every widget chart: hovering one moves the crosshair in all. */
export const CHART_CURSOR_SYNC_KEY = 'pulseboard-crosshair';

/**
 * uPlot's columns for a buffer: times in seconds (uPlot's time unit) and values; rolled-up
 * buffers add the bucket minimum and maximum as two more columns (drawn as the band).
 */
export function toChartData(buffer: SeriesBuffer | undefined): uPlot.AlignedData {
  if (!buffer) return [[], []];
  const x = buffer.ts.map((ms) => ms / 1000);
  if (buffer.bandMin && buffer.bandMax) return [x, buffer.values, buffer.bandMin, buffer.bandMax];
  return [x, buffer.values];
}

/** Whether a buffer holds rolled-up data with a min-max band. */
export function hasBand(buffer: SeriesBuffer | undefined): boolean {
  return buffer?.bandMin !== undefined && buffer.bandMax !== undefined;
}

/** What a chart adds to the basic line: the band, and a hook told where the cursor is. */
export type ChartExtras = {
  /** Draw columns 2 and 3 of the data (min, max) as a filled band behind the average. */
  band?: boolean;
  /** Called with the data index under the (own or synced) cursor, null when it leaves. */
  onCursor?: (plot: uPlot, index: number | null) => void;
};

/**
 * Options of one widget chart: a filled line (or the average over a min-max band), no legend,
 * values labelled by unit, and a crosshair synced with every other widget chart. Colours are
 * functions of the current theme (CSS custom properties), evaluated on each draw, so a theme
 * change needs only a redraw.
 */
export function chartOptions(
  widthPx: number,
  unit: string | undefined,
  extras: ChartExtras = {},
): uPlot.Options {
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
    cursor: {
      drag: { x: false, y: false },
      sync: { key: CHART_CURSOR_SYNC_KEY, setSeries: false },
    },
    ...(extras.onCursor
      ? {
          hooks: { setCursor: [(plot: uPlot) => extras.onCursor?.(plot, plot.cursor.idx ?? null)] },
        }
      : {}),
    ...(extras.band
      ? { bands: [{ series: [3, 2] as [number, number], fill: () => chartColors().fill }] }
      : {}),
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
    series: extras.band
      ? [
          {},
          { stroke: () => chartColors().line, width: 1.5, points: { show: false } },
          { stroke: 'transparent', width: 0, points: { show: false } },
          { stroke: 'transparent', width: 0, points: { show: false } },
        ]
      : [
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
