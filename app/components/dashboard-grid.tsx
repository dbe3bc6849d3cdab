'use client';

import { memo, useCallback, useMemo, useState } from 'react';
import type { SeriesInfo, Widget } from '@/lib/protocol';
import type { SeriesSource } from '../hooks/series-source';
import type { SharedLayout } from '../hooks/use-layout';
import { AddWidgetForm } from './add-widget-form';
import { effectiveWidgets } from './layout-model';
import { MetricWidget } from './metric-widget';
import type { LayoutEdit } from './widgets/widget-controls';

/**
 * The shared board: the layout's widgets in order, then a default line widget for every series
 * that has none (series pushed later join at the end). "Edit layout" shows each widget's
 * controls and the add form; every change is saved to the server, which tells every viewer.
 * Memoised: chat activity re-renders the page, but the grid only when its inputs change.
 */
export const DashboardGrid = memo(function DashboardGrid({
  series,
  store,
  shared,
  highlight,
  onShare,
}: {
  series: readonly SeriesInfo[];
  store: SeriesSource;
  shared: SharedLayout;
  /** The widget to highlight and scroll to (`?widget=`): its id, or its series name. */
  highlight?: string | undefined;
  onShare?: ((widget: Widget) => void) | undefined;
}) {
  const [editing, setEditing] = useState(false);
  const { layout, error, save } = shared;
  const widgets = useMemo(() => effectiveWidgets(layout?.widgets ?? [], series), [layout, series]);
  const units = useMemo(() => new Map(series.map((s) => [s.name, s.unit])), [series]);
  const edit: LayoutEdit = useCallback((change) => void save(change(widgets)), [save, widgets]);

  return (
    <>
      <div className="dashboard-toolbar">
        <button
          type="button"
          aria-pressed={editing}
          data-testid="edit-layout"
          onClick={() => setEditing((e) => !e)}
        >
          {editing ? 'Done editing' : 'Edit layout'}
        </button>
        {editing ? <AddWidgetForm series={series} edit={edit} /> : null}
      </div>
      {error ? (
        <p className="form-error" role="alert" data-testid="layout-error">
          {error}
        </p>
      ) : null}
      {widgets.length === 0 ? (
        <p className="dashboard-empty">Waiting for metrics…</p>
      ) : (
        <div className="dashboard-grid" data-testid="dashboard-grid" data-version={layout?.version}>
          {widgets.map((widget, index) => (
            <MetricWidget
              key={widget.id}
              store={store}
              widget={widget}
              unit={units.get(widget.series)}
              highlighted={
                highlight !== undefined && (widget.id === highlight || widget.series === highlight)
              }
              place={editing ? { index, count: widgets.length, edit } : undefined}
              onShare={onShare}
            />
          ))}
        </div>
      )}
    </>
  );
});
