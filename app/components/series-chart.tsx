'use client';

import { useEffect, useRef, useSyncExternalStore } from 'react';
import type uPlot from 'uplot';
import { watchOnScreen } from '../client/on-screen';
import type { SeriesBuffer } from '../client/series-buffer';
import type { SeriesSource } from '../client/series-source';
import { useSeriesFrames } from '../client/use-series-frames';
import { onThemeChange } from '../theme/theme-events';
import { useAnnotationsSource } from './annotations-context';
import {
  CHART_HEIGHT_PX,
  chartData,
  chartOptions,
  hasBand,
  lineColor,
  panelChartData,
} from './chart-options';
import type { ChartThresholds } from './chart-thresholds';
import { describeDrawn, showReadout, writeLegend } from './series-chart-dom';
import { useTimeView } from './time-view-context';

const NOT_PAUSED = { paused: false, newSamples: 0 };
/**
 * How often a live chart on screen is redrawn without new data, in milliseconds: the x-axis
 * follows the clock, so a series that stopped shows its silence growing instead of a frozen
 * picture. Charts off screen or in a hidden tab skip it (new samples still draw them), and so
 * does a chart that drew within the last tick (its samples keep moving the axis).
 */
export const CHART_LIVE_TICK_MS = 1000;
const noSubscribe = () => () => {};

/**
 * A uPlot canvas chart of one series, or of the several series of a panel (p50, p95 and p99
 * together, each in its own colour, with a legend of last, min, max and avg over the drawn
 * span). uPlot is loaded in the browser only (it touches `window`); new points reach it
 * through setData, at most once per animation frame, unless the page is paused (then the chart
 * keeps its picture and redraws from the store on resume) or the chart is off screen (it
 * redraws from the store when it comes back: a board of 200 panels draws only what is seen).
 * The x-axis spans the chosen range whatever data exists (a live one follows the clock); a
 * pause in the data is drawn as a gap and a lone sample as a point. A lone rolled-up series is
 * drawn as the average over its min-max band; the widget's thresholds as dashed lines with a
 * faint band. Dragging across the chart zooms (the page's range, in the URL). The crosshair is
 * synced with every other chart, and the readout under the chart shows the values at the cursor.
 * `data-points`, `data-last-ts` (of the first series), `data-gaps`, `data-x-from`/`data-x-to`
 * (ms) and `data-thresholds` on the host tell what is drawn (for tests).
 */
export function SeriesChart({
  series,
  labels,
  store,
  unit,
  thresholds,
  heightPx = CHART_HEIGHT_PX,
}: {
  /** The keys drawn, the panel's own series first. */
  series: readonly string[];
  /** What each series is called in the legend and the readout (default: its key). */
  labels?: readonly string[] | undefined;
  store: SeriesSource;
  unit?: string | undefined;
  thresholds?: ChartThresholds | undefined;
  /** The chart's height in pixels (a widget several grid rows high); default CHART_HEIGHT_PX. */
  heightPx?: number;
}) {
  const name = series[0] ?? '';
  const multi = series.length > 1;
  const seriesKey = series.join('\n');
  const shown = series.map((key, i) => labels?.[i] || key);
  const hostRef = useRef<HTMLDivElement>(null);
  const readoutRef = useRef<HTMLParagraphElement>(null);
  const legendRef = useRef<HTMLTableSectionElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const view = useTimeView();
  const pause = useSyncExternalStore(
    view?.pause.subscribe ?? noSubscribe,
    view?.pause.get ?? (() => NOT_PAUSED),
    () => NOT_PAUSED,
  );
  const pausedRef = useRef(pause.paused);
  pausedRef.current = pause.paused;
  const thresholdsRef = useRef<ChartThresholds>({});
  thresholdsRef.current = thresholds ?? {};
  const viewRef = useRef(view);
  viewRef.current = view;
  const heightRef = useRef(heightPx);
  heightRef.current = heightPx;
  const shownRef = useRef(shown);
  shownRef.current = shown;
  const annotations = useAnnotationsSource();

  const buffersNow = () => series.map((key) => store.get(key));
  const dataOf = (buffers: (SeriesBuffer | undefined)[]) =>
    multi ? panelChartData(buffers) : chartData(buffers[0]);

  /** When the chart last drew: new samples move the axis too, the tick is for silence. */
  const lastDrawRef = useRef(0);
  /** Near the viewport (ON_SCREEN_MARGIN): a chart off screen skips its draws until it is back. */
  const onScreenRef = useRef(true);
  const missedRef = useRef(false);
  const draw = (buffers: (SeriesBuffer | undefined)[]) => {
    const plot = plotRef.current;
    const host = hostRef.current;
    if (!plot || !host || pausedRef.current) return;
    if (!onScreenRef.current) {
      missedRef.current = true;
      return;
    }
    missedRef.current = false;
    const { data, gaps } = dataOf(buffers);
    plot.setData(data);
    lastDrawRef.current = performance.now();
    describeDrawn(host, plot, buffers[0], gaps, thresholdsRef.current);
    if (multi) writeLegend(legendRef.current, plot, buffers, unit);
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: `seriesKey` names the series
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void import('uplot').then(({ default: UPlot }) => {
      if (disposed) return;
      const buffers = buffersNow();
      const { data, gaps } = dataOf(buffers);
      const plot = new UPlot(
        chartOptions(host.clientWidth, unit, {
          band: !multi && hasBand(buffers[0]),
          lines: series.length,
          onCursor: (p, index) => showReadout(readoutRef.current, p, index, unit, shownRef.current),
          thresholds: () => thresholdsRef.current,
          annotations: annotations.get,
          ...(viewRef.current
            ? {
                xWindowMs: () => viewRef.current?.window(Date.now()) ?? [0, 1],
                onZoom: (from: number, to: number) => viewRef.current?.zoom(from, to),
              }
            : {}),
        }),
        data,
        host,
      );
      plotRef.current = plot;
      describeDrawn(host, plot, buffers[0], gaps, thresholdsRef.current);
      if (multi) writeLegend(legendRef.current, plot, buffers, unit);
      observer = new ResizeObserver(() => {
        plot.setSize({ width: Math.max(host.clientWidth, 1), height: heightRef.current });
      });
      observer.observe(host);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      plotRef.current?.destroy();
      plotRef.current = null;
    };
  }, [store, seriesKey, unit]);

  // The colours are read from the theme on each draw: a theme change only needs a redraw.
  useEffect(() => onThemeChange(() => plotRef.current?.redraw(false)), []);
  useEffect(() => annotations.subscribe(() => plotRef.current?.redraw(false)), [annotations]);

  useSeriesFrames(store, series, draw);

  // Back on screen: draw what came while it was away.
  // biome-ignore lint/correctness/useExhaustiveDependencies: draw reads the latest props
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    return watchOnScreen(host, (onScreen) => {
      onScreenRef.current = onScreen;
      if (onScreen && missedRef.current) draw(buffersNow());
    });
  }, [store, seriesKey]);

  // A live chart follows the clock between samples; new thresholds are drawn at once.
  const live = (view?.mode ?? 'live') === 'live';
  // biome-ignore lint/correctness/useExhaustiveDependencies: draw reads the latest props
  useEffect(() => {
    if (!live) return;
    // Only a chart someone can see follows the clock: not in a hidden tab, not off screen.
    const tick = setInterval(() => {
      const idle = performance.now() - lastDrawRef.current >= CHART_LIVE_TICK_MS;
      if (idle && onScreenRef.current && document.visibilityState === 'visible') draw(buffersNow());
    }, CHART_LIVE_TICK_MS);
    return () => clearInterval(tick);
  }, [live, store, seriesKey]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: redraw when the levels change
  useEffect(() => draw(buffersNow()), [thresholds?.warn, thresholds?.critical]);

  // Resume: redraw from the store, which kept every sample while the chart was frozen.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the pause flips
  useEffect(() => {
    if (!pause.paused) draw(buffersNow());
  }, [pause.paused]);

  return (
    <div className="widget-chart-box">
      <div
        className="widget-chart"
        ref={hostRef}
        role="img"
        aria-label={`Chart of ${shown.join(', ')}`}
        data-testid={`chart-${name}`}
        data-lines={series.length}
        data-mode={view?.mode ?? 'live'}
        data-paused={pause.paused ? 'true' : undefined}
        style={{ height: heightPx }}
      />
      <p
        className="chart-readout"
        data-testid={`readout-${name}`}
        ref={readoutRef}
        aria-live="off"
      />
      {multi ? (
        <table className="chart-legend" data-testid={`legend-${name}`}>
          <thead>
            <tr>
              <th scope="col">Series</th>
              <th scope="col">Last</th>
              <th scope="col">Min</th>
              <th scope="col">Max</th>
              <th scope="col">Avg</th>
            </tr>
          </thead>
          <tbody ref={legendRef}>
            {series.map((key, i) => (
              <tr key={key} data-series={key}>
                <th scope="row">
                  <span
                    className="chart-legend-swatch"
                    aria-hidden="true"
                    style={{ background: i === 0 ? 'var(--chart-line)' : lineColor(i) }}
                  />
                  {shown[i]}
                </th>
                <td data-stat="last" />
                <td data-stat="min" />
                <td data-stat="max" />
                <td data-stat="avg" />
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
