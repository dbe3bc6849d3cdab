'use client';

import { useEffect, useRef, useSyncExternalStore } from 'react';
import type uPlot from 'uplot';
import type { SeriesBuffer } from '../client/series-buffer';
import type { SeriesSource } from '../client/series-source';
import { clockTime } from '../client/staleness';
import { useSeriesFrame } from '../client/use-series-frame';
import { onThemeChange } from '../theme/theme-events';
import { CHART_HEIGHT_PX, chartData, chartOptions, hasBand } from './chart-options';
import { type ChartThresholds, thresholdsInView } from './chart-thresholds';
import { formatValue } from './format-value';
import { useTimeView } from './time-view-context';

const NOT_PAUSED = { paused: false, newSamples: 0 };
/**
 * How often a live chart is redrawn without new data, in milliseconds: the x-axis follows the
 * clock, so a series that stopped shows its silence growing instead of a frozen picture.
 */
export const CHART_LIVE_TICK_MS = 1000;
const noSubscribe = () => () => {};

/**
 * A uPlot canvas chart of one series. uPlot is loaded in the browser only (it touches
 * `window`); new points reach it through setData, at most once per animation frame, unless the
 * page is paused (then the chart keeps its picture and redraws from the store on resume).
 * The x-axis spans the chosen range whatever data exists (a live one follows the clock); a
 * pause in the data is drawn as a gap and a lone sample as a point. Rolled-up data is drawn as
 * the average over its min-max band; the widget's thresholds as dashed lines with a faint band.
 * Dragging across the chart zooms (the page's range, in the URL). The crosshair is synced with
 * every other chart, and the readout under the chart shows the values at the cursor.
 * `data-points`, `data-last-ts`, `data-gaps`, `data-x-from`/`data-x-to` (ms) and
 * `data-thresholds` on the host tell what is drawn (for tests).
 */
export function SeriesChart({
  store,
  name,
  unit,
  thresholds,
}: {
  store: SeriesSource;
  name: string;
  unit?: string | undefined;
  thresholds?: ChartThresholds | undefined;
}) {
  const hostRef = useRef<HTMLDivElement>(null);
  const readoutRef = useRef<HTMLParagraphElement>(null);
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

  const draw = (buffer: SeriesBuffer | undefined) => {
    const plot = plotRef.current;
    const host = hostRef.current;
    if (!plot || !host || pausedRef.current) return;
    const { data, gaps } = chartData(buffer);
    plot.setData(data);
    describeDrawn(host, plot, buffer, gaps, thresholdsRef.current);
  };

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void import('uplot').then(({ default: UPlot }) => {
      if (disposed) return;
      const buffer = store.get(name);
      const { data, gaps } = chartData(buffer);
      const plot = new UPlot(
        chartOptions(host.clientWidth, unit, {
          band: hasBand(buffer),
          onCursor: (p, index) => showReadout(readoutRef.current, p, index, unit),
          thresholds: () => thresholdsRef.current,
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
      describeDrawn(host, plot, buffer, gaps, thresholdsRef.current);
      observer = new ResizeObserver(() => {
        plot.setSize({ width: Math.max(host.clientWidth, 1), height: CHART_HEIGHT_PX });
      });
      observer.observe(host);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      plotRef.current?.destroy();
      plotRef.current = null;
    };
  }, [store, name, unit]);

  // The colours are read from the theme on each draw: a theme change only needs a redraw.
  useEffect(() => onThemeChange(() => plotRef.current?.redraw(false)), []);

  useSeriesFrame(store, name, draw);

  // A live chart follows the clock between samples; new thresholds are drawn at once.
  const live = (view?.mode ?? 'live') === 'live';
  // biome-ignore lint/correctness/useExhaustiveDependencies: draw reads the latest props
  useEffect(() => {
    if (!live) return;
    const tick = setInterval(() => draw(store.get(name)), CHART_LIVE_TICK_MS);
    return () => clearInterval(tick);
  }, [live, store, name]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: redraw when the levels change
  useEffect(() => draw(store.get(name)), [thresholds?.warn, thresholds?.critical]);

  // Resume: redraw from the store, which kept every sample while the chart was frozen.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the pause flips
  useEffect(() => {
    if (!pause.paused) draw(store.get(name));
  }, [pause.paused]);

  return (
    <div className="widget-chart-box">
      <div
        className="widget-chart"
        ref={hostRef}
        role="img"
        aria-label={`Chart of ${name}`}
        data-testid={`chart-${name}`}
        data-mode={view?.mode ?? 'live'}
        data-paused={pause.paused ? 'true' : undefined}
        style={{ height: CHART_HEIGHT_PX }}
      />
      <p
        className="chart-readout"
        data-testid={`readout-${name}`}
        ref={readoutRef}
        aria-live="off"
      />
    </div>
  );
}

/** What the chart draws, on its host element (read by tests and by curious readers). */
function describeDrawn(
  host: HTMLElement,
  plot: uPlot,
  buffer: SeriesBuffer | undefined,
  gaps: number,
  thresholds: ChartThresholds,
): void {
  host.dataset.points = String(buffer?.ts.length ?? 0);
  host.dataset.lastTs = String(buffer?.ts[buffer.ts.length - 1] ?? '');
  host.dataset.gaps = String(gaps);
  const { min, max } = plot.scales.x ?? {};
  host.dataset.xFrom = min == null ? '' : String(Math.round(min * 1000));
  host.dataset.xTo = max == null ? '' : String(Math.round(max * 1000));
  host.dataset.thresholds = thresholdsInView(plot, thresholds);
}

/** Writes the values at the cursor under the chart (empty when the cursor is away). */
function showReadout(
  element: HTMLElement | null,
  plot: uPlot,
  index: number | null,
  unit: string | undefined,
): void {
  if (!element) return;
  const ts = index === null ? undefined : plot.data[0]?.[index];
  const value = index === null ? undefined : plot.data[1]?.[index];
  if (index === null || ts == null || value == null) {
    element.textContent = '';
    return;
  }
  const min = plot.data[2]?.[index];
  const max = plot.data[3]?.[index];
  const band =
    min != null && max != null ? ` (${formatValue(min, unit)} – ${formatValue(max, unit)})` : '';
  element.textContent = `${clockTime(ts * 1000)} ${formatValue(value, unit)}${band}`;
}
