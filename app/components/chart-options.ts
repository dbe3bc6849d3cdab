import type uPlot from 'uplot';
import type { Annotation } from '@/lib/protocol';
import type { SeriesBuffer } from '../client/series-buffer';
import { chartColors } from '../theme/chart-colors';
import { formatTimeTicks, formatValueTicks, valueRange } from './axis-format';
import { drawAnnotations } from './chart-annotations';
import { alignSeries, isolatedIndices, withGaps } from './chart-gaps';
import { type ChartThresholds, drawThresholds } from './chart-thresholds';

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

/** Least drag, in CSS pixels, that zooms (a click is not a zoom). */
export const CHART_ZOOM_MIN_DRAG_PX = 5;

/**
 * uPlot's columns for a buffer: times in seconds (uPlot's time unit) and values; rolled-up
 * buffers add the bucket minimum and maximum as two more columns (drawn as the band). A pause
 * longer than a few sample intervals gets a `null` row, drawn as a gap (chart-gaps.ts).
 */
export function toChartData(buffer: SeriesBuffer | undefined): uPlot.AlignedData {
  return chartData(buffer).data;
}

/**
 * The colours of the second and later lines of a panel (the first is the theme's line colour):
 * distinct in hue and readable on the light and the dark theme.
 */
export const CHART_EXTRA_LINE_COLORS: readonly string[] = [
  '#e8743b',
  '#19a979',
  '#c55ab8',
  '#d4a017',
  '#5a8dee',
];

/** The colour of line `index` (0: the panel's first series). */
export function lineColor(index: number): string {
  if (index === 0) return chartColors().line;
  return CHART_EXTRA_LINE_COLORS[(index - 1) % CHART_EXTRA_LINE_COLORS.length] as string;
}

/**
 * uPlot's columns for the several series of a panel: one time column (seconds) and a value
 * column per series, aligned (alignSeries: `undefined` where a series has no sample at that
 * time, `null` in its own gaps); rolled-up series are drawn by their averages.
 */
export function panelChartData(buffers: readonly (SeriesBuffer | undefined)[]): {
  data: uPlot.AlignedData;
  gaps: number;
} {
  const aligned = alignSeries(buffers.map((b) => ({ ts: b?.ts ?? [], values: b?.values ?? [] })));
  const x = aligned.ts.map((ms) => ms / 1000);
  return { data: [x, ...aligned.columns] as uPlot.AlignedData, gaps: aligned.gaps };
}

/** toChartData, and how many gaps it holds. */
export function chartData(buffer: SeriesBuffer | undefined): {
  data: uPlot.AlignedData;
  gaps: number;
} {
  if (!buffer) return { data: [[], []], gaps: 0 };
  const band = buffer.bandMin && buffer.bandMax ? [buffer.bandMin, buffer.bandMax] : [];
  const gapped = withGaps(buffer.ts, [buffer.values, ...band]);
  const x = gapped.ts.map((ms) => ms / 1000);
  return { data: [x, ...gapped.columns] as uPlot.AlignedData, gaps: gapped.gaps };
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
  /**
   * The time span the x-axis covers, in epoch ms (the chosen range, whatever data exists);
   * read on every redraw, so a live range moves with the clock. Default: the data's own span.
   */
  xWindowMs?: () => readonly [number, number];
  /** Called with the span a drag selected, in epoch ms: zooming is the caller's (the URL). */
  onZoom?: (fromMs: number, toMs: number) => void;
  /** The levels to mark on the chart (read on every draw). */
  thresholds?: () => ChartThresholds;
  /** The annotations to mark (read on every draw). */
  annotations?: () => readonly Annotation[];
  /** How many series the panel draws (panelChartData's columns); more than one: no fill. */
  lines?: number;
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
  const hooks: uPlot.Hooks.Arrays = {};
  if (extras.onCursor) {
    hooks.setCursor = [(plot: uPlot) => extras.onCursor?.(plot, plot.cursor.idx ?? null)];
  }
  if (extras.onZoom) hooks.setSelect = [(plot: uPlot) => zoomTo(plot, extras.onZoom)];
  if (extras.thresholds) hooks.draw = [drawThresholds(extras.thresholds)];
  if (extras.annotations) hooks.draw = [...(hooks.draw ?? []), drawAnnotations(extras.annotations)];
  const xWindow = extras.xWindowMs;
  // A lone sample (one point, or one between two gaps) would draw nothing as a line.
  const points = {
    show: true,
    size: 5,
    filter: (plot: uPlot, seriesIdx: number) => isolatedIndices(plot.data[seriesIdx] ?? []),
  };
  return {
    width: Math.max(widthPx, 1),
    height: CHART_HEIGHT_PX,
    legend: { show: false },
    cursor: {
      drag: { x: extras.onZoom !== undefined, y: false, setScale: false },
      sync: { key: CHART_CURSOR_SYNC_KEY, setSeries: false },
    },
    hooks,
    ...(extras.band
      ? { bands: [{ series: [3, 2] as [number, number], fill: () => chartColors().fill }] }
      : {}),
    scales: {
      x: {
        time: true,
        ...(xWindow
          ? {
              range: (): uPlot.Range.MinMax => {
                const [from, to] = xWindow();
                return [from / 1000, to / 1000];
              },
            }
          : {}),
      },
      y: { range: (_self, min, max) => valueRange(min, max) },
    },
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
    series:
      (extras.lines ?? 1) > 1
        ? [
            {},
            ...Array.from({ length: extras.lines ?? 1 }, (_, i) => ({
              stroke: () => lineColor(i),
              width: 1.5,
              points,
            })),
          ]
        : extras.band
          ? [
              {},
              { stroke: () => chartColors().line, width: 1.5, points },
              { stroke: 'transparent', width: 0, points: { show: false } },
              { stroke: 'transparent', width: 0, points: { show: false } },
            ]
          : [
              {},
              {
                stroke: () => chartColors().line,
                fill: () => chartColors().fill,
                width: 1.5,
                points,
              },
            ],
  };
}

/** Hands the dragged span to `onZoom` (in epoch ms) and clears the selection box. */
function zoomTo(plot: uPlot, onZoom: ChartExtras['onZoom']): void {
  const { left, width } = plot.select;
  if (width < CHART_ZOOM_MIN_DRAG_PX) return;
  const from = plot.posToVal(left, 'x') * 1000;
  const to = plot.posToVal(left + width, 'x') * 1000;
  plot.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
  if (to > from) onZoom?.(Math.round(from), Math.round(to));
}
