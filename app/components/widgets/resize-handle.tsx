'use client';

import { type PointerEvent, useRef } from 'react';
import type { WidgetSpan } from '@/lib/protocol';
import { gridColumnsOf } from '../use-grid-columns';
import { type GridCell, resizeKeyDelta, spanFromDrag } from './widget-resize';

/**
 * The resize grip at a widget's corner (edit mode): dragged, it shows the span under the pointer
 * (`onPreview`) and saves it on release (`onResize`); focused, Shift+arrow keys grow or shrink
 * the widget one column or row at a time (`onResizeBy`).
 */
export function ResizeHandle({
  label,
  span,
  onPreview,
  onResize,
  onResizeBy,
}: {
  label: string;
  span: WidgetSpan;
  onPreview: (span: WidgetSpan | undefined) => void;
  onResize: (span: WidgetSpan) => void;
  onResizeBy: (dw: number, dh: number) => void;
}) {
  const drag = useRef<{ x: number; y: number; cell: GridCell; span: WidgetSpan } | undefined>(
    undefined,
  );
  const spanAt = (e: PointerEvent) => {
    const d = drag.current;
    return d ? spanFromDrag(d.span, e.clientX - d.x, e.clientY - d.y, d.cell) : span;
  };
  return (
    <button
      type="button"
      className="widget-resize-handle"
      data-testid="widget-resize-handle"
      aria-label={`Resize ${label}: ${span.w} by ${span.h}; Shift and arrow keys change it`}
      title="Drag to resize; Shift+arrow keys resize one column or row"
      onKeyDown={(e) => {
        const delta = e.shiftKey ? resizeKeyDelta(e.key) : undefined;
        if (!delta) return;
        e.preventDefault();
        onResizeBy(delta.dw, delta.dh);
      }}
      onPointerDown={(e) => {
        const widget = e.currentTarget.closest('.widget');
        const grid = widget?.parentElement;
        if (!widget || !grid) return;
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { x: e.clientX, y: e.clientY, cell: cellOf(grid, widget, span), span };
      }}
      onPointerMove={(e) => {
        if (drag.current) onPreview(spanAt(e));
      }}
      onPointerUp={(e) => {
        const start = drag.current?.span;
        if (!start) return;
        const next = spanAt(e);
        drag.current = undefined;
        onPreview(undefined);
        // `span` is the preview by now: compare with the span the drag started from.
        if (next.w !== start.w || next.h !== start.h) onResize(next);
      }}
      onPointerCancel={() => {
        drag.current = undefined;
        onPreview(undefined);
      }}
    >
      <span aria-hidden="true">◢</span>
    </button>
  );
}

/** The grid's column width and gap, and one row of this widget (its height over its rows). */
function cellOf(grid: Element, widget: Element, span: WidgetSpan): GridCell {
  const style = getComputedStyle(grid);
  const cols = gridColumnsOf(grid);
  const gapPx = Number.parseFloat(style.columnGap) || 0;
  const colPx = (grid.clientWidth - gapPx * (cols - 1)) / cols;
  const rows = Math.max(1, span.h);
  const rowPx = (widget.getBoundingClientRect().height - gapPx * (rows - 1)) / rows;
  return { colPx, rowPx, gapPx };
}
