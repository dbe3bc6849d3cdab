'use client';

import { useState } from 'react';
import { type SeriesInfo, WIDGET_KINDS, type WidgetKind } from '@/lib/protocol';
import { addWidget } from './layout-model';
import type { LayoutEdit } from './widgets/widget-controls';

/** Edit mode: adds a widget of a chosen kind for a chosen series. */
export function AddWidgetForm({
  series,
  edit,
}: {
  series: readonly SeriesInfo[];
  edit: LayoutEdit;
}) {
  const [chosen, setChosen] = useState('');
  const [kind, setKind] = useState<WidgetKind>('stat');
  const name = chosen || series[0]?.name || '';
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
            <option key={s.name} value={s.name}>
              {s.name}
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
