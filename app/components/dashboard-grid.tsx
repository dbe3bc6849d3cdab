'use client';

import { Fragment, memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Widget } from '@/lib/protocol';
import type { CatalogView } from '../client/series-catalog';
import type { SeriesSource } from '../client/series-source';
import type { SeriesStore } from '../client/series-store';
import type { SharedLayout } from '../client/use-layout';
import { AddWidgetForm } from './add-widget-form';
import { matchesBoardFilter } from './board-filter';
import { boardSections } from './board-sections';
import { BoardSummary } from './board-summary';
import { deleteSeriesFromBoard } from './delete-series-action';
import { DeleteSeriesDialog } from './delete-series-dialog';
import { LayoutHistoryPanel } from './layout-history-panel';
import { addWidget, boardWidgets, DEFAULT_BOARD_MAX_WIDGETS, widgetSeries } from './layout-model';
import { MetricWidget } from './metric-widget';
import { SeriesPicker } from './series-picker';
import { useCollapsedSections } from './use-collapsed-sections';
import { useGridColumns } from './use-grid-columns';
import type { LayoutEdit } from './widgets/widget-controls';

const NO_WIDGETS: readonly Widget[] = [];

/**
 * The shared board: the layout's widgets in order, then default line widgets for series that
 * have none, up to DEFAULT_BOARD_MAX_WIDGETS (boardWidgets). The series picker finds any other
 * series and adds its widget. The live store keeps points only for the series on the board.
 * "Edit layout" shows each widget's controls (with "Delete series…") and the add form; every
 * change is saved to the server, which tells every viewer. Memoised: chat activity re-renders
 * the page, but the grid only when its inputs change.
 */
export const DashboardGrid = memo(function DashboardGrid({
  catalog,
  live,
  store,
  shared,
  highlight,
  onShare,
  fillMax = DEFAULT_BOARD_MAX_WIDGETS,
}: {
  catalog: CatalogView;
  /** The live store: told which series the board shows, and of deletes. */
  live: SeriesStore;
  /** What the widgets draw from (the live store, or the selected range). */
  store: SeriesSource;
  shared: SharedLayout;
  /** The widget to highlight and scroll to (`?widget=`): its id, or its series name. */
  highlight?: string | undefined;
  onShare?: ((widget: Widget) => void) | undefined;
  /**
   * Up to how many widgets the board fills itself with series that have none
   * (DEFAULT_BOARD_MAX_WIDGETS on the default board; 0 on the others, which show only what was
   * put on them).
   */
  fillMax?: number;
}) {
  const [editing, setEditing] = useState(false);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [picked, setPicked] = useState<string | undefined>();
  const [deleting, setDeleting] = useState<string | undefined>();
  const [notice, setNotice] = useState('');
  const { layout, settled, error } = shared;
  const saved = layout?.widgets ?? NO_WIDGETS;
  const board = useMemo(
    () => boardWidgets(saved, catalog.series, catalog.omitted, fillMax),
    [saved, catalog.series, catalog.omitted, fillMax],
  );
  const widgets = board.widgets;
  const onBoard = useMemo(() => new Set(widgets.flatMap(widgetSeries)), [widgets]);
  const knownKeys = useMemo(() => catalog.series.map((s) => s.name), [catalog.series]);
  const units = useMemo(
    () => new Map(catalog.series.map((s) => [s.name, s.unit])),
    [catalog.series],
  );
  // Until the saved layout is known the board is a guess: keep every point meanwhile.
  const known = settled || layout !== undefined;
  useEffect(() => {
    if (known) live.keep(onBoard);
  }, [live, onBoard, known]);

  // The change applies to the board as shown (saved widgets and the default ones), rebuilt from
  // whatever layout the editor applies it to: a change queued behind another is not stale.
  const boardOf = useRef({ series: catalog.series, omitted: catalog.omitted, fillMax });
  boardOf.current = { series: catalog.series, omitted: catalog.omitted, fillMax };
  const edit: LayoutEdit = useCallback(
    (change) =>
      shared.edit((savedWidgets) =>
        change(
          boardWidgets(
            savedWidgets,
            boardOf.current.series,
            boardOf.current.omitted,
            boardOf.current.fillMax,
          ).widgets,
        ),
      ),
    [shared.edit],
  );
  const onPick = useCallback(
    (name: string) => {
      if (!onBoard.has(name)) edit((ws) => addWidget(ws, name, 'line'));
      setPicked(name);
    },
    [edit, onBoard],
  );
  const onConfirmDelete = useCallback(
    (name: string) => deleteSeriesFromBoard(name, { store: live, saved, edit: shared.edit }),
    [live, saved, shared.edit],
  );
  const shown = picked ?? highlight;
  const [collapsed, toggleSection] = useCollapsedSections();
  const [filter, setFilter] = useState('');
  const gridRef = useRef<HTMLDivElement>(null);
  const cols = useGridColumns(gridRef);
  const filtered = useMemo(
    () => widgets.filter((w) => matchesBoardFilter(w, filter)),
    [widgets, filter],
  );

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
        {editing ? (
          <button
            type="button"
            data-testid="layout-undo"
            disabled={!shared.canUndo}
            onClick={shared.undo}
          >
            Undo
          </button>
        ) : null}
        {editing ? (
          <button
            type="button"
            aria-pressed={historyOpen}
            data-testid="layout-history-toggle"
            onClick={() => setHistoryOpen((open) => !open)}
          >
            History
          </button>
        ) : null}
        <SeriesPicker
          series={catalog.series}
          omitted={catalog.omitted}
          onBoard={onBoard}
          onPick={onPick}
        />
        {editing ? <AddWidgetForm series={[...onBoard]} edit={edit} /> : null}
        <label className="board-filter">
          <span className="visually-hidden">Filter this board</span>
          <input
            type="search"
            placeholder="Filter this board"
            value={filter}
            data-testid="board-filter"
            onChange={(e) => setFilter(e.currentTarget.value)}
          />
        </label>
        {filter.trim() !== '' ? (
          <span className="board-filter-count" data-testid="board-filter-count" aria-live="polite">
            {filtered.length} of {widgets.length} widgets
          </span>
        ) : null}
      </div>
      {editing && historyOpen ? (
        <LayoutHistoryPanel shared={shared} onClose={() => setHistoryOpen(false)} />
      ) : null}
      <BoardSummary shown={onBoard.size} hidden={board.hiddenSeries} omitted={catalog.omitted} />
      <p className="board-notice" role="status" data-testid="board-notice">
        {notice}
      </p>
      {error ? (
        <p className="form-error" role="alert" data-testid="layout-error">
          {error}
        </p>
      ) : null}
      {widgets.length === 0 ? (
        <p className="dashboard-empty" data-testid="dashboard-empty">
          {fillMax > 0
            ? 'Waiting for metrics…'
            : 'This board has no widgets yet: find a series above to put it here.'}
        </p>
      ) : (
        <div
          className="dashboard-grid"
          data-testid="dashboard-grid"
          data-version={layout?.version}
          data-cols={cols}
          ref={gridRef}
        >
          {boardSections(filtered).map((section) => {
            const closed = section.name !== undefined && collapsed.has(section.name);
            return (
              <Fragment key={section.name ?? ''}>
                {section.name !== undefined ? (
                  <h2 className="board-section" data-testid={`section-${section.name}`}>
                    <button
                      type="button"
                      aria-expanded={!closed}
                      data-testid="section-toggle"
                      onClick={() => toggleSection(section.name as string)}
                    >
                      <span aria-hidden="true">{closed ? '▸' : '▾'}</span> {section.name}{' '}
                      <span className="board-section-count">({section.items.length})</span>
                    </button>
                  </h2>
                ) : null}
                {closed
                  ? null
                  : section.items.map(({ widget }, place) => (
                      <MetricWidget
                        key={widget.id}
                        store={store}
                        widget={widget}
                        unit={units.get(widget.series)}
                        deleted={catalog.deleted.has(widget.series)}
                        highlighted={
                          shown !== undefined && (widget.id === shown || widget.series === shown)
                        }
                        place={
                          editing
                            ? {
                                index: place,
                                count: section.items.length,
                                edit,
                                onDeleteSeries: setDeleting,
                                known: knownKeys,
                              }
                            : undefined
                        }
                        onShare={onShare}
                        cols={cols}
                      />
                    ))}
              </Fragment>
            );
          })}
        </div>
      )}
      <DeleteSeriesDialog
        series={deleting}
        onConfirm={onConfirmDelete}
        onClose={() => setDeleting(undefined)}
        onDone={(message) => {
          setDeleting(undefined);
          setNotice(message);
        }}
      />
    </>
  );
});
