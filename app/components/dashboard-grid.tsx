'use client';

import { memo } from 'react';
import type { SeriesInfo } from '@/lib/protocol';
import type { SeriesSource } from '../hooks/series-source';
import { MetricWidget } from './metric-widget';

/**
 * One widget per series, in order of appearance; series pushed later join at the end.
 * Memoised: chat activity re-renders the page, but the grid only when the series list changes.
 */
export const DashboardGrid = memo(function DashboardGrid({
  series,
  store,
}: {
  series: readonly SeriesInfo[];
  store: SeriesSource;
}) {
  if (series.length === 0) {
    return <p className="dashboard-empty">Waiting for metrics…</p>;
  }
  return (
    <div className="dashboard-grid">
      {series.map((info) => (
        <MetricWidget key={info.name} store={store} info={info} />
      ))}
    </div>
  );
});
