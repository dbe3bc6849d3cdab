'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { type Widget, type WidgetSpan, widgetSpan } from '@/lib/protocol';
import { formatClock } from '../client/clock-format';
import type { SeriesBuffer } from '../client/series-buffer';
import type { SeriesSource } from '../client/series-source';
import { useSeriesFrame } from '../client/use-series-frame';
import { formatValue } from './format-value';
import { thresholdLevel } from './layout-model';
import { SeriesKeyText } from './series-key-text';
import { StaleBadge } from './stale-badge';
import { useTimeView } from './time-view-context';
import { bigNumber } from './widgets/big-number';
import { gaugeFill, gaugeScale } from './widgets/gauge-scale';
import type { LayoutEdit } from './widgets/layout-edit';
import { ResizeHandle } from './widgets/resize-handle';
import { WidgetControls } from './widgets/widget-controls';
import { DragHandle, useWidgetDrop } from './widgets/widget-drag';
import { gaugeArcPath, sparklinePoints } from './widgets/widget-geometry';
import { resizeWidget, resizeWidgetBy, shownColumns } from './widgets/widget-resize';
import { WidgetVisual } from './widgets/widget-visual';

/** The text beside the colour, for readers who cannot tell amber from red. */
const LEVEL_TEXT = { ok: '', warn: 'Warning', critical: 'Critical' } as const;

export type WidgetPlace = {
  /** The widget's place among the widgets of its section, and how many that section holds. */
  index: number;
  count: number;
  edit: LayoutEdit;
  /** Opens the confirm step of deleting the widget's series. */
  onDeleteSeries: (series: string) => void;
  /** Every series key the page knows (to add one to a panel). */
  known: readonly string[];
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
  unit: seriesUnit,
  deleted = false,
  highlighted = false,
  place,
  onShare,
  cols,
}: {
  store: SeriesSource;
  widget: Widget;
  /** The unit the series' samples carry (the widget's own `unit` wins). */
  unit: string | undefined;
  deleted?: boolean;
  highlighted?: boolean;
  place?: WidgetPlace | undefined;
  onShare?: ((widget: Widget) => void) | undefined;
  /** Columns the board shows now (a wider widget is narrowed to them); unknown: as many as it asks. */
  cols?: number | undefined;
}) {
  const [preview, setPreview] = useState<WidgetSpan | undefined>();
  const span = preview ?? widgetSpan(widget);
  const sized = preview !== undefined || widget.w !== undefined || widget.h !== undefined;
  const titleId = useId();
  const unit = widget.unit ?? seriesUnit;
  const rootRef = useRef<HTMLElement>(null);
  const valueRef = useRef<HTMLParagraphElement>(null);
  const timeRef = useRef<HTMLParagraphElement>(null);
  const levelRef = useRef<HTMLSpanElement>(null);
  const sparkRef = useRef<SVGPolylineElement>(null);
  const gaugeRef = useRef<SVGPathElement>(null);
  const gaugeMinRef = useRef<HTMLSpanElement>(null);
  const gaugeMaxRef = useRef<HTMLSpanElement>(null);
  const name = widget.series;
  const view = useTimeView();
  const drop = useWidgetDrop(widget.id, place?.edit);

  const draw = (buffer: SeriesBuffer | undefined) => {
    const big = bigNumber(
      buffer,
      view?.liveStore.get(name),
      view?.mode ?? 'live',
      view?.resolution ?? 'raw',
    );
    if (valueRef.current) valueRef.current.textContent = big ? formatValue(big.value, unit) : '';
    if (timeRef.current) {
      timeRef.current.textContent = big
        ? `${big.says} at ${formatClock(big.ts, { seconds: true })}`
        : '';
    }
    const level = thresholdLevel(big?.value, widget);
    if (levelRef.current) levelRef.current.textContent = LEVEL_TEXT[level];
    sparkRef.current?.setAttribute('points', buffer ? sparklinePoints(buffer.values) : '');
    if (widget.kind === 'gauge') {
      const scale = gaugeScale(widget, unit, buffer?.values);
      gaugeRef.current?.setAttribute('d', gaugeArcPath(big ? gaugeFill(big.value, scale) : 0));
      if (gaugeMinRef.current) gaugeMinRef.current.textContent = formatValue(scale.min, unit);
      if (gaugeMaxRef.current) gaugeMaxRef.current.textContent = formatValue(scale.max, unit);
    }
    if (rootRef.current) {
      rootRef.current.dataset.level = level;
      rootRef.current.dataset.points = String(buffer?.ts.length ?? 0);
      rootRef.current.dataset.lastTs = String(big?.ts ?? '');
      rootRef.current.dataset.valueSays = big?.says ?? '';
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
      data-span={`${span.w}x${span.h}`}
      data-resizing={preview ? 'true' : undefined}
      style={
        sized
          ? {
              gridColumn: `span ${cols === undefined ? span.w : shownColumns(span.w, cols)}`,
              gridRow: span.h > 1 ? `span ${span.h}` : undefined,
            }
          : undefined
      }
      data-highlighted={highlighted ? 'true' : undefined}
      data-deleted={deleted ? 'true' : undefined}
      aria-labelledby={titleId}
      tabIndex={highlighted ? -1 : undefined}
      ref={rootRef}
      {...drop}
    >
      <header className="widget-header">
        {place ? <DragHandle id={widget.id} label={widget.title ?? name} /> : null}
        <h2 id={titleId} className="widget-title">
          {widget.title ? (
            <span title={name} data-testid="widget-title-text">
              {widget.title}
            </span>
          ) : (
            <SeriesKeyText seriesKey={name} />
          )}
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
        extraSeries={widget.extraSeries}
        labels={widget.names}
        unit={unit}
        thresholds={{ warn: widget.warn, critical: widget.critical }}
        rows={span.h}
        refs={{
          sparkline: sparkRef,
          gauge: gaugeRef,
          gaugeMin: gaugeMinRef,
          gaugeMax: gaugeMaxRef,
        }}
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
      {place ? <WidgetControls widget={widget} unit={unit} {...place} /> : null}
      {place ? (
        <ResizeHandle
          label={widget.title ?? name}
          span={span}
          onPreview={setPreview}
          onResize={(next) => place.edit((ws) => resizeWidget(ws, widget.id, next))}
          onResizeBy={(dw, dh) => place.edit((ws) => resizeWidgetBy(ws, widget.id, dw, dh))}
        />
      ) : null}
    </article>
  );
}
