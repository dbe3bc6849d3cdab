'use client';

import type { SeriesInfo } from '@/lib/protocol';
import type { SharedLayout } from '../client/use-layout';
import { AddWidgetForm } from './add-widget-form';
import { SeriesPicker } from './series-picker';
import type { LayoutEdit } from './widgets/layout-edit';

/** Which of the board's panels is open under the toolbar. */
export type BoardPanel = 'unplaced' | 'history' | undefined;

/**
 * The board's toolbar: Edit layout (then Undo, History and the add form), the "Unplaced series"
 * drawer's button with its count, the series picker and the filter box.
 */
export function BoardToolbar({
  editing,
  onEditing,
  shared,
  panel,
  onPanel,
  unplaced,
  series,
  omitted,
  onBoard,
  onPick,
  edit,
  filter,
  onFilter,
  filterCount,
}: {
  editing: boolean;
  onEditing: (editing: boolean) => void;
  shared: Pick<SharedLayout, 'canUndo' | 'undo'>;
  panel: BoardPanel;
  onPanel: (panel: BoardPanel) => void;
  /** How many series have no widget on the board. */
  unplaced: number;
  series: readonly SeriesInfo[];
  omitted: number;
  onBoard: ReadonlySet<string>;
  onPick: (name: string) => void;
  edit: LayoutEdit;
  filter: string;
  onFilter: (filter: string) => void;
  /** "N of M widgets" while the filter is not empty. */
  filterCount: string | undefined;
}) {
  const toggle = (which: Exclude<BoardPanel, undefined>) =>
    onPanel(panel === which ? undefined : which);
  return (
    <div className="dashboard-toolbar">
      <button
        type="button"
        aria-pressed={editing}
        data-testid="edit-layout"
        onClick={() => onEditing(!editing)}
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
          aria-pressed={panel === 'history'}
          data-testid="layout-history-toggle"
          onClick={() => toggle('history')}
        >
          History
        </button>
      ) : null}
      <button
        type="button"
        aria-pressed={panel === 'unplaced'}
        data-testid="unplaced-toggle"
        data-count={unplaced}
        onClick={() => toggle('unplaced')}
      >
        Unplaced series ({unplaced.toLocaleString('en-US')})
      </button>
      <SeriesPicker series={series} omitted={omitted} onBoard={onBoard} onPick={onPick} />
      {editing ? <AddWidgetForm series={[...onBoard]} edit={edit} /> : null}
      <label className="board-filter">
        <span className="visually-hidden">Filter this board</span>
        <input
          type="search"
          placeholder="Filter this board"
          value={filter}
          data-testid="board-filter"
          onChange={(e) => onFilter(e.currentTarget.value)}
        />
      </label>
      {filterCount !== undefined ? (
        <span className="board-filter-count" data-testid="board-filter-count" aria-live="polite">
          {filterCount}
        </span>
      ) : null}
    </div>
  );
}
