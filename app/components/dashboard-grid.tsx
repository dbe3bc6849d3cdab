'use client';

import { Fragment, memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Widget } from '@/lib/protocol';
import type { CatalogView } from '../client/series-catalog';
import type { SeriesSource } from '../client/series-source';
import type { SeriesStore } from '../client/series-store';
import type { SharedLayout } from '../client/use-layout';
import { matchesBoardFilter } from './board-filter';
import { boardSections } from './board-sections';
import { BoardSummary } from './board-summary';
import { type BoardPanel, BoardToolbar } from './board-toolbar';
import { deleteSeriesFromBoard } from './delete-series-action';
import { DeleteSeriesDialog } from './delete-series-dialog';
import { LayoutHistoryPanel } from './layout-history-panel';
import { boardWidgets, placeSeries, widgetSeries } from './layout-model';
import { MetricWidget } from './metric-widget';
import { UnplacedDrawer } from './unplaced-drawer';
import { useCollapsedSections } from './use-collapsed-sections';
import { useGridColumns } from './use-grid-columns';
import type { LayoutEdit } from './widgets/layout-edit';

const NO_WIDGETS: readonly Widget[] = [];

/**
 * A board: exactly its layout's widgets, in sections. A series without a widget (freshly pushed,
 * or removed from the board) is not appended: it waits in the "Unplaced series" drawer, from
 * which it is added (so a removal lasts, for everyone). The series picker finds any series and
 * places it or shows its widget. The live store keeps points only for the series on the board.
 * "Edit layout" shows each widget's controls (move, resize, remove, "Delete series…"), Undo,
 * the layout history and the add form; every change is saved to the server, which tells every
 * viewer. Memoised: chat activity re-renders the page, but the grid only when its inputs change.
 */
export const DashboardGrid = memo(function DashboardGrid({
  catalog,
  live,
  store,
  shared,
  highlight,
  onShare,
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
}) {
  const [editing, setEditing] = useState(false);
  const [panel, setPanel] = useState<BoardPanel>();
  const [picked, setPicked] = useState<string | undefined>();
  const [deleting, setDeleting] = useState<string | undefined>();
  const [notice, setNotice] = useState('');
  const { layout, settled, error } = shared;
  const saved = layout?.widgets ?? NO_WIDGETS;
  const board = useMemo(
    () => boardWidgets(saved, catalog.series, catalog.omitted),
    [saved, catalog.series, catalog.omitted],
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

  const edit: LayoutEdit = shared.edit;
  const onPick = useCallback(
    (name: string) => {
      if (!onBoard.has(name)) edit((ws) => placeSeries(ws, name));
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
      <BoardToolbar
        editing={editing}
        onEditing={(on) => {
          setEditing(on);
          if (!on && panel === 'history') setPanel(undefined);
        }}
        shared={shared}
        panel={panel}
        onPanel={setPanel}
        unplaced={board.hiddenSeries}
        series={catalog.series}
        omitted={catalog.omitted}
        onBoard={onBoard}
        onPick={onPick}
        edit={edit}
        filter={filter}
        onFilter={setFilter}
        filterCount={
          filter.trim() === '' ? undefined : `${filtered.length} of ${widgets.length} widgets`
        }
      />
      {panel === 'history' && editing ? (
        <LayoutHistoryPanel shared={shared} onClose={() => setPanel(undefined)} />
      ) : null}
      {panel === 'unplaced' ? (
        <UnplacedDrawer
          series={catalog.series}
          omitted={catalog.omitted}
          onBoard={onBoard}
          onAdd={(name) => edit((ws) => placeSeries(ws, name))}
          onClose={() => setPanel(undefined)}
        />
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
          This board has no widgets yet: add series from “Unplaced series” or find one above.
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
