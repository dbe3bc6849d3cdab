'use client';

import type { MetricStream } from '../hooks/use-metric-stream';
import { MetricWidget } from './metric-widget';

/** One widget per series, in order of appearance; series pushed later join at the end. */
export function DashboardGrid({ stream }: { stream: MetricStream }) {
  if (stream.series.length === 0) {
    return <p className="dashboard-empty">Waiting for metrics…</p>;
  }
  return (
    <div className="dashboard-grid">
      {stream.series.map((info) => (
        <MetricWidget key={info.name} store={stream.store} info={info} />
      ))}
    </div>
  );
}
