'use client';

import { useId, useRef } from 'react';
import type { SeriesInfo } from '@/lib/protocol';
import { latestPoint } from '../hooks/series-buffer';
import type { SeriesSource } from '../hooks/series-source';
import { useSeriesFrame } from '../hooks/use-series-frame';
import { formatValue } from './format-value';
import { SeriesChart } from './series-chart';
import { StaleBadge } from './stale-badge';

/**
 * One series: its name and unit, the current value in large type, the time of the last sample
 * and a live chart. Values are written straight to the DOM once per frame, not re-rendered.
 */
export function MetricWidget({ store, info }: { store: SeriesSource; info: SeriesInfo }) {
  const titleId = useId();
  const rootRef = useRef<HTMLElement>(null);
  const valueRef = useRef<HTMLParagraphElement>(null);
  const timeRef = useRef<HTMLParagraphElement>(null);

  useSeriesFrame(store, info.name, (buffer) => {
    const last = buffer ? latestPoint(buffer) : undefined;
    if (valueRef.current)
      valueRef.current.textContent = last ? formatValue(last[1], info.unit) : '';
    if (timeRef.current) {
      timeRef.current.textContent = last ? `at ${new Date(last[0]).toLocaleTimeString()}` : '';
    }
    if (rootRef.current) {
      rootRef.current.dataset.points = String(buffer?.ts.length ?? 0);
      rootRef.current.dataset.lastTs = String(last?.[0] ?? '');
    }
  });

  return (
    <article
      className="widget"
      data-testid={`widget-${info.name}`}
      aria-labelledby={titleId}
      ref={rootRef}
    >
      <header className="widget-header">
        <h2 id={titleId} className="widget-title">
          {info.name}
        </h2>
        {info.unit ? <span className="widget-unit">{info.unit}</span> : null}
        <StaleBadge name={info.name} />
      </header>
      <p className="widget-value" data-testid={`widget-value-${info.name}`} ref={valueRef} />
      <SeriesChart store={store} name={info.name} {...(info.unit ? { unit: info.unit } : {})} />
      <p className="widget-time" ref={timeRef} />
    </article>
  );
}
