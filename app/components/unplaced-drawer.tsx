'use client';

import { useId, useMemo, useState } from 'react';
import type { SeriesInfo } from '@/lib/protocol';
import { useSeriesSearch } from '../client/use-series-search';
import { filterSeries, mergeSeries, PICKER_MAX_ROWS } from './series-filter';
import { SeriesKeyText } from './series-key-text';
import { groupUnplaced } from './unplaced-groups';

/**
 * "Unplaced series": the series that have no widget on this board (freshly pushed, or removed
 * from it), in a drawer with a search box, grouped by label or name prefix (unplaced-groups.ts);
 * "Add" places one on the board. At most PICKER_MAX_ROWS rows are rendered (refine the search);
 * when the stream's snapshot left series out, the search asks the server (`GET /api/series`).
 */
export function UnplacedDrawer({
  series,
  omitted,
  onBoard,
  onAdd,
  onClose,
}: {
  /** Every series the page knows. */
  series: readonly SeriesInfo[];
  /** Series the snapshot left out (searched on the server). */
  omitted: number;
  /** Series drawn by a widget of the board (not listed). */
  onBoard: ReadonlySet<string>;
  onAdd: (name: string) => void;
  onClose: () => void;
}) {
  const id = useId();
  const [query, setQuery] = useState('');
  const search = useSeriesSearch(query.trim(), omitted > 0);
  const matches = useMemo(() => {
    const unplaced = mergeSeries(series, search.series).filter((s) => !onBoard.has(s.name));
    return filterSeries(unplaced, query, PICKER_MAX_ROWS);
  }, [series, search.series, onBoard, query]);
  const groups = useMemo(() => groupUnplaced(matches.rows), [matches.rows]);
  const more = matches.total - matches.rows.length;

  return (
    <aside
      className="unplaced-drawer"
      data-testid="unplaced-drawer"
      aria-labelledby={`${id}-title`}
    >
      <header className="unplaced-drawer-header">
        <h2 id={`${id}-title`}>Unplaced series</h2>
        <button type="button" onClick={onClose} data-testid="unplaced-close">
          Close
        </button>
      </header>
      <label className="visually-hidden" htmlFor={`${id}-search`}>
        Search the unplaced series
      </label>
      <input
        id={`${id}-search`}
        type="search"
        placeholder="Search unplaced series"
        autoComplete="off"
        spellCheck={false}
        value={query}
        data-testid="unplaced-search"
        onChange={(e) => setQuery(e.currentTarget.value)}
      />
      {matches.rows.length === 0 ? (
        <p className="unplaced-empty" data-testid="unplaced-empty">
          {query.trim() === '' ? 'Every series is on this board.' : 'No unplaced series matches.'}
        </p>
      ) : null}
      {groups.map((group) => (
        <section key={group.name} className="unplaced-group" data-testid="unplaced-group">
          <h3>{group.name}</h3>
          <ul className="unplaced-list">
            {group.series.map((s) => (
              <li key={s.name} data-testid="unplaced-item" data-series={s.name}>
                <span className="unplaced-name">
                  <SeriesKeyText seriesKey={s.name} />
                </span>
                {s.unit ? <span className="unplaced-unit">{s.unit}</span> : null}
                <button
                  type="button"
                  data-testid="unplaced-add"
                  aria-label={`Add ${s.name} to the board`}
                  onClick={() => onAdd(s.name)}
                >
                  Add
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {more > 0 ? (
        <p className="unplaced-more" data-testid="unplaced-more">
          {more.toLocaleString('en-US')} more: refine the search.
        </p>
      ) : null}
    </aside>
  );
}
