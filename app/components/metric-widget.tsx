'use client';

import { useEffect, useId, useRef } from 'react';
import type { Widget } from '@/lib/protocol';
import { formatClock } from '../client/clock-format';
import { latestPoint, type SeriesBuffer } from '../client/series-buffer';
import type { SeriesSource } from '../client/series-source';
import { useSeriesFrame } from '../client/use-series-frame';
import { formatValue } from './format-value';
import { gaugeFraction, thresholdLevel } from './layout-model';
import { SeriesKeyText } from './series-key-text';
import { StaleBadge } from './stale-badge';
import { type LayoutEdit, WidgetControls } from './widgets/widget-controls';
import { gaugeArcPath, sparklinePoints } from './widgets/widget-geometry';
import { WidgetVisual } from './widgets/widget-visual';

/** The text beside the colour, for readers who cannot tell amber from red. */
const LEVEL_TEXT = { ok: '', warn: 'Warning', critical: 'Critical' } as const;

export type WidgetPlace = {
  index: number;
  count: number;
  edit: LayoutEdit;
  /** Opens the confirm step of deleting the widget's series. */
  onDeleteSeries: (series: string) => void;
};

/**
 * One widget of the board: the series' name and unit, the current value in large type (amber
 * from `warn`, red from `critical`, with a text label), its picture (line chart, sparkline or
 * gauge) and the time of the last sample. Values are written straight to the DOM once per
 * frame, not re-rendered. In edit mode (`place` given) its layout controls are shown. A widget
 * whose series was deleted (a saved widget outlives its series) says so.
 */
export function MetricWidget({
  store,
  widget,
  unit,
  deleted = false,
  highlighted = false,
  place,
  onShare,
}: {
  store: SeriesSource;
  widget: Widget;
  unit: string | undefined;
  deleted?: boolean;
  highlighted?: boolean;
  place?: WidgetPlace | undefined;
  onShare?: ((widget: Widget) => void) | undefined;
}) {
  const titleId = useId();
  const rootRef = useRef<HTMLElement>(null);
  const valueRef = useRef<HTMLParagraphElement>(null);
  const timeRef = useRef<HTMLParagraphElement>(null);
  const levelRef = useRef<HTMLSpanElement>(null);
  const sparkRef = useRef<SVGPolylineElement>(null);
  const gaugeRef = useRef<SVGPathElement>(null);
  const name = widget.series;

  const draw = (buffer: SeriesBuffer | undefined) => {
    const last = buffer ? latestPoint(buffer) : undefined;
    if (valueRef.current) valueRef.current.textContent = last ? formatValue(last[1], unit) : '';
    if (timeRef.current) {
      timeRef.current.textContent = last ? `at ${formatClock(last[0], { seconds: true })}` : '';
    }
    const level = thresholdLevel(last?.[1], widget);
    if (levelRef.current) levelRef.current.textContent = LEVEL_TEXT[level];
    sparkRef.current?.setAttribute('points', buffer ? sparklinePoints(buffer.values) : '');
    gaugeRef.current?.setAttribute('d', gaugeArcPath(last ? gaugeFraction(last[1], widget) : 0));
    if (rootRef.current) {
      rootRef.current.dataset.level = level;
      rootRef.current.dataset.points = String(buffer?.ts.length ?? 0);
      rootRef.current.dataset.lastTs = String(last?.[0] ?? '');
    }
  };
  useSeriesFrame(store, name, draw);
  // A new kind remounts the picture and new thresholds change the colour: draw at once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: redraw when the widget changes
  useEffect(() => draw(store.get(name)), [widget, store, name]);

  useEffect(() => {
    if (!highlighted) return;
    rootRef.current?.scrollIntoView({ block: 'center' });
    rootRef.current?.focus({ preventScroll: true });
  }, [highlighted]);

  return (
    <article
      className={`widget widget-${widget.size}`}
      data-testid={`widget-${name}`}
      data-widget-id={widget.id}
      data-kind={widget.kind}
      data-size={widget.size}
      data-highlighted={highlighted ? 'true' : undefined}
      data-deleted={deleted ? 'true' : undefined}
      aria-labelledby={titleId}
      tabIndex={highlighted ? -1 : undefined}
      ref={rootRef}
    >
      <header className="widget-header">
        <h2 id={titleId} className="widget-title">
          <SeriesKeyText seriesKey={name} />
        </h2>
        <span className="widget-level" data-testid="widget-level" ref={levelRef} />
        {unit ? <span className="widget-unit">{unit}</span> : null}
        {deleted ? (
          <span className="widget-badge widget-badge-deleted" data-testid={`deleted-${name}`}>
            series deleted
          </span>
        ) : (
          <StaleBadge name={name} />
        )}
      </header>
      <p className="widget-value" data-testid={`widget-value-${name}`} ref={valueRef} />
      <WidgetVisual
        kind={widget.kind}
        store={store}
        series={name}
        unit={unit}
        refs={{ sparkline: sparkRef, gauge: gaugeRef }}
      />
      <div className="widget-footer">
        <p className="widget-time" ref={timeRef} />
        {onShare ? (
          <button
            type="button"
            className="link"
            data-testid="widget-share"
            aria-label={`Share ${name} to chat`}
            onClick={() => onShare(widget)}
          >
            Share to chat
          </button>
        ) : null}
      </div>
      {place ? <WidgetControls widget={widget} {...place} /> : null}
    </article>
  );
}
