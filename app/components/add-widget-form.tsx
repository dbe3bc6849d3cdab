'use client';

import { useState } from 'react';
import { WIDGET_KINDS, type WidgetKind } from '@/lib/protocol';
import { addWidget } from './layout-model';
import type { LayoutEdit } from './widgets/layout-edit';

/**
 * Edit mode: adds another widget of a chosen kind for a series on the board (a bounded list;
 * series off the board are added with the series picker).
 */
export function AddWidgetForm({ series, edit }: { series: readonly string[]; edit: LayoutEdit }) {
  const [chosen, setChosen] = useState('');
  const [kind, setKind] = useState<WidgetKind>('stat');
  const name = (series.includes(chosen) ? chosen : series[0]) ?? '';
  return (
    <form
      className="add-widget"
      data-testid="add-widget-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (name) edit((ws) => addWidget(ws, name, kind));
      }}
    >
      <label>
        Series
        <select
          value={name}
          data-testid="add-widget-series"
          onChange={(e) => setChosen(e.currentTarget.value)}
        >
          {series.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Kind
        <select
          value={kind}
          data-testid="add-widget-kind"
          onChange={(e) => setKind(e.currentTarget.value as WidgetKind)}
        >
          {WIDGET_KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" data-testid="add-widget-submit" disabled={!name}>
        Add widget
      </button>
    </form>
  );
}
