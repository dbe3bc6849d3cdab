'use client';

import { WIDGET_KINDS, WIDGET_SIZES, type Widget } from '@/lib/protocol';
import { moveWidget, removeWidget, updateWidget, withNumber } from '../layout-model';
import type { LayoutEdit } from './layout-edit';
import { PanelControls } from './panel-controls';
import { QuantityInput } from './quantity-input';
import { ThresholdNotify } from './threshold-notify';
import { withSize } from './widget-resize';

const SIZE_LABELS = { s: 'small', m: 'medium', l: 'large' } as const;

/**
 * The edit-mode controls of one widget: kind, size, order, thresholds, remove, and "Delete
 * series…" (the series itself, on the server, after a confirm step).
 */
export function WidgetControls({
  widget,
  unit,
  index,
  count,
  edit,
  onDeleteSeries,
  known,
}: {
  widget: Widget;
  /** Every series key the page knows (to add one to a panel). */
  known: readonly string[];
  /** The series' unit: thresholds are typed in it, with its suffixes ("2 GB", "500 ms"). */
  unit: string | undefined;
  index: number;
  count: number;
  edit: LayoutEdit;
  onDeleteSeries: (series: string) => void;
}) {
  const id = widget.id;
  const label = widget.series;
  const numberInput = (key: 'warn' | 'critical' | 'min' | 'max', title: string) => (
    <QuantityInput
      title={title}
      label={label}
      unit={unit}
      value={widget[key]}
      testId={`widget-${key}-input`}
      onCommit={(value) => {
        if (value === widget[key]) return;
        edit((ws) => updateWidget(ws, id, (w) => withNumber(w, key, value)));
      }}
    />
  );
  return (
    <fieldset className="widget-controls" data-testid="widget-controls">
      <legend className="visually-hidden">Layout of {label}</legend>
      <label className="widget-control">
        Kind
        <select
          value={widget.kind}
          data-testid="widget-kind-select"
          aria-label={`Kind of ${label}`}
          onChange={(e) => {
            const kind = e.currentTarget.value as Widget['kind'];
            edit((ws) => updateWidget(ws, id, (w) => ({ ...w, kind })));
          }}
        >
          {WIDGET_KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      <label className="widget-control">
        Size
        <select
          value={widget.size}
          data-testid="widget-size-select"
          aria-label={`Size of ${label}`}
          onChange={(e) => {
            const size = e.currentTarget.value as Widget['size'];
            edit((ws) => updateWidget(ws, id, (w) => withSize(w, size)));
          }}
        >
          {WIDGET_SIZES.map((s) => (
            <option key={s} value={s}>
              {SIZE_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <PanelControls widget={widget} edit={edit} known={known} />
      {numberInput('warn', 'Warn at')}
      {numberInput('critical', 'Critical at')}
      <ThresholdNotify widget={widget} label={label} />
      {widget.kind === 'gauge' ? (
        <>
          {numberInput('min', 'Min')}
          {numberInput('max', 'Max')}
        </>
      ) : null}
      <div className="widget-control-buttons">
        <button
          type="button"
          disabled={index === 0}
          data-testid="widget-move-earlier"
          aria-label={`Move ${label} earlier`}
          onClick={() => edit((ws) => moveWidget(ws, id, -1))}
        >
          ← Earlier
        </button>
        <button
          type="button"
          disabled={index === count - 1}
          data-testid="widget-move-later"
          aria-label={`Move ${label} later`}
          onClick={() => edit((ws) => moveWidget(ws, id, 1))}
        >
          Later →
        </button>
        <button
          type="button"
          className="danger"
          data-testid="widget-remove"
          aria-label={`Remove ${label}`}
          onClick={() => edit((ws) => removeWidget(ws, id))}
        >
          Remove
        </button>
        <button
          type="button"
          className="danger"
          data-testid="widget-delete-series"
          aria-label={`Delete series ${label}…`}
          aria-haspopup="dialog"
          onClick={() => onDeleteSeries(widget.series)}
        >
          Delete series…
        </button>
      </div>
    </fieldset>
  );
}
