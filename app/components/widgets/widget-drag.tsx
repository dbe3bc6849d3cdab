'use client';

import { type DragEvent, useState } from 'react';
import { moveWidgetBefore } from '../layout-model';
import type { LayoutEdit } from './layout-edit';

/** The drag data type of a widget being moved (its id). */
export const WIDGET_DRAG_TYPE = 'application/x-pulseboard-widget';

/**
 * Drag and drop of widgets in edit mode: the handle starts a drag, and a drop on another
 * widget moves the dragged one before it (into its section). The buttons and the keyboard
 * still move widgets one place at a time. Returns the props of the widget's element (a drop
 * target, marked `data-drop-target` while a widget is over it) and the handle (undefined when
 * not editing).
 */
export function useWidgetDrop(id: string, edit: LayoutEdit | undefined) {
  const [over, setOver] = useState(false);
  if (!edit) return { 'data-drop-target': undefined };
  const accepts = (e: DragEvent) => e.dataTransfer.types.includes(WIDGET_DRAG_TYPE);
  return {
    'data-drop-target': over ? ('true' as const) : undefined,
    onDragOver: (e: DragEvent) => {
      if (!accepts(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      setOver(true);
    },
    onDragLeave: () => setOver(false),
    onDrop: (e: DragEvent) => {
      setOver(false);
      const dragged = e.dataTransfer.getData(WIDGET_DRAG_TYPE);
      if (!dragged || dragged === id) return;
      e.preventDefault();
      edit((ws) => moveWidgetBefore(ws, dragged, id));
    },
  };
}

/** The grip a widget is dragged by (edit mode only). */
export function DragHandle({ id, label }: { id: string; label: string }) {
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a pointer-only grip; the keyboard moves widgets with the Earlier/Later buttons
    <span
      className="widget-drag-handle"
      draggable
      data-testid="widget-drag-handle"
      title={`Drag ${label} onto another widget to move it there`}
      onDragStart={(e) => {
        e.dataTransfer.setData(WIDGET_DRAG_TYPE, id);
        e.dataTransfer.effectAllowed = 'move';
      }}
    >
      <span aria-hidden="true">⠿</span>
      <span className="visually-hidden">Drag to move {label}</span>
    </span>
  );
}
