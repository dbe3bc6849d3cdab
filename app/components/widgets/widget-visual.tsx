'use client';

import type { Ref } from 'react';
import type { WidgetKind } from '@/lib/protocol';
import type { SeriesSource } from '../../client/series-source';
import type { ChartThresholds } from '../chart-thresholds';
import { SeriesChart } from '../series-chart';
import { gaugeArcPath, SPARKLINE_VIEW_H, SPARKLINE_VIEW_W } from './widget-geometry';
import { chartHeightPx } from './widget-resize';

/** Elements the widget updates once per frame, outside React renders. */
export type VisualRefs = {
  sparkline: Ref<SVGPolylineElement>;
  gauge: Ref<SVGPathElement>;
  /** The ends of the gauge's scale, written under it. */
  gaugeMin: Ref<HTMLSpanElement>;
  gaugeMax: Ref<HTMLSpanElement>;
};

/** The picture of a widget: a chart (line), a sparkline (stat) or a half-circle gauge. */
export function WidgetVisual({
  kind,
  store,
  series,
  extraSeries,
  labels,
  unit,
  thresholds,
  refs,
  rows = 1,
}: {
  kind: WidgetKind;
  store: SeriesSource;
  series: string;
  /** More series drawn on a line panel's chart (a stat or gauge shows `series` only). */
  extraSeries?: readonly string[] | undefined;
  labels?: readonly string[] | undefined;
  unit: string | undefined;
  thresholds: ChartThresholds;
  refs: VisualRefs;
  /** Grid rows the widget is high: a line chart grows with them. */
  rows?: number;
}) {
  if (kind === 'line') {
    return (
      <SeriesChart
        store={store}
        series={[series, ...(extraSeries ?? [])]}
        labels={labels}
        unit={unit}
        thresholds={thresholds}
        heightPx={chartHeightPx(rows)}
      />
    );
  }
  if (kind === 'stat') {
    return (
      <svg
        className="widget-sparkline"
        viewBox={`0 0 ${SPARKLINE_VIEW_W} ${SPARKLINE_VIEW_H}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Sparkline of ${series}`}
        data-testid="widget-sparkline"
      >
        <polyline ref={refs.sparkline} points="" fill="none" vectorEffect="non-scaling-stroke" />
      </svg>
    );
  }
  return (
    <div>
      <svg
        className="widget-gauge"
        viewBox="0 0 100 60"
        role="img"
        aria-label={`Gauge of ${series}`}
        data-testid="widget-gauge"
      >
        <path className="gauge-track" d={gaugeArcPath(1)} fill="none" />
        <path className="gauge-fill" ref={refs.gauge} d={gaugeArcPath(0)} fill="none" />
      </svg>
      <p className="gauge-scale" data-testid="gauge-scale">
        <span ref={refs.gaugeMin} data-testid="gauge-min" />
        <span ref={refs.gaugeMax} data-testid="gauge-max" />
      </p>
    </div>
  );
}
