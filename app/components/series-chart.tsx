'use client';

import { useEffect, useRef } from 'react';
import type uPlot from 'uplot';
import type { SeriesStore } from '../hooks/series-store';
import { useSeriesFrame } from '../hooks/use-series-frame';
import { onThemeChange } from '../theme/theme-events';
import { CHART_HEIGHT_PX, chartOptions, toChartData } from './chart-options';

/**
 * A uPlot canvas chart of one series. uPlot is loaded in the browser only (it touches
 * `window`); new points reach it through setData, at most once per animation frame.
 */
export function SeriesChart({
  store,
  name,
  unit,
}: {
  store: SeriesStore;
  name: string;
  unit?: string;
}) {
  const hostRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void import('uplot').then(({ default: UPlot }) => {
      if (disposed) return;
      const plot = new UPlot(
        chartOptions(host.clientWidth, unit),
        toChartData(store.get(name)),
        host,
      );
      plotRef.current = plot;
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

  useSeriesFrame(store, name, (buffer) => plotRef.current?.setData(toChartData(buffer)));

  return (
    <div
      className="widget-chart"
      ref={hostRef}
      role="img"
      aria-label={`Chart of ${name} over the last five minutes`}
      style={{ height: CHART_HEIGHT_PX }}
    />
  );
}
