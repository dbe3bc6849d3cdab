'use client';

import { type KeyboardEvent, useId, useMemo, useState } from 'react';
import type { SeriesInfo } from '@/lib/protocol';
import { useSeriesSearch } from '../client/use-series-search';
import { filterSeries, mergeSeries, PICKER_MAX_ROWS } from './series-filter';
import { SeriesKeyText } from './series-key-text';

/**
 * "Find a series": a combobox (ARIA 1.2 pattern, list autocomplete) over every known series, and
 * the server's `GET /api/series` when the snapshot left some out. Typing filters, Arrow keys
 * move, Enter picks, Escape closes; at most PICKER_MAX_ROWS rows are rendered. Picking a series
 * calls `onPick` (the board adds its widget, or shows the one it has).
 */
export function SeriesPicker({
  series,
  omitted,
  onBoard,
  onPick,
}: {
  series: readonly SeriesInfo[];
  /** Series whose names the page does not know (the snapshot left them out): ask the server. */
  omitted: number;
  /** Series that have a widget on the board (marked in the list). */
  onBoard: ReadonlySet<string>;
  onPick: (name: string) => void;
}) {
  const id = useId();
  const listId = `${id}-list`;
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const incomplete = omitted > 0;
  const search = useSeriesSearch(query.trim(), incomplete && open);
  const matches = useMemo(
    () => filterSeries(mergeSeries(series, search.series), query),
    [series, search.series, query],
  );
  const rows = matches.rows;
  const current = Math.min(active, rows.length - 1);
  const optionId = (i: number) => `${id}-option-${i}`;

  const pick = (name: string) => {
    onPick(name);
    setOpen(false);
    setQuery('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) return setOpen(true);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive(rows.length === 0 ? 0 : (current + step + rows.length) % rows.length);
    } else if (event.key === 'Enter') {
      const row = open ? rows[current] : undefined;
      if (row) {
        event.preventDefault();
        pick(row.name);
      }
    } else if (event.key === 'Escape') {
      if (open) event.preventDefault();
      setOpen(false);
    } else if (event.key === 'Tab') {
      setOpen(false);
    }
  };
  // The server's `total` counts every series matching the query, the unknown ones too.
  const more = Math.max(0, Math.max(matches.total, search.total ?? 0) - rows.length);

  return (
    <div className="series-picker" data-testid="series-picker">
      <label htmlFor={`${id}-input`}>Find a series</label>
      <input
        id={`${id}-input`}
        type="search"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        placeholder={`Search ${(series.length + omitted).toLocaleString('en-US')} series`}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && rows.length > 0 ? optionId(current) : undefined}
        data-testid="series-picker-input"
        value={query}
        onChange={(e) => {
          setQuery(e.currentTarget.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <div className="series-picker-popup" hidden={!open}>
        <div
          id={listId}
          role="listbox"
          aria-label="Series"
          // Not a Tab stop (Chromium makes scrolling boxes focusable): the input keeps the keys.
          tabIndex={-1}
          data-testid="series-picker-list"
          hidden={rows.length === 0}
        >
          {open
            ? rows.map((row, i) => (
                // biome-ignore lint/a11y/useKeyWithClickEvents: the keys are the combobox input's (aria-activedescendant)
                <div
                  key={row.name}
                  id={optionId(i)}
                  role="option"
                  tabIndex={-1}
                  aria-selected={i === current}
                  data-testid="series-picker-option"
                  data-series={row.name}
                  // Keep the focus in the input: the click picks, the blur would close first.
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => pick(row.name)}
                  onMouseMove={() => i !== current && setActive(i)}
                >
                  <span className="series-picker-name">
                    <SeriesKeyText seriesKey={row.name} />
                  </span>
                  {row.unit ? <span className="series-picker-unit">{row.unit}</span> : null}
                  {onBoard.has(row.name) ? (
                    <span className="series-picker-on-board">on the board</span>
                  ) : null}
                </div>
              ))
            : null}
        </div>
        <p className="series-picker-status" data-testid="series-picker-status" aria-live="polite">
          {open ? describeMatches(rows.length, more, search.status, incomplete) : ''}
        </p>
      </div>
    </div>
  );
}

/** The line under the list: how many match, and whether the list may be incomplete. */
function describeMatches(
  shown: number,
  more: number,
  status: 'idle' | 'loading' | 'done' | 'unavailable',
  incomplete: boolean,
): string {
  const parts: string[] = [];
  if (shown === 0) parts.push(status === 'loading' ? 'Searching…' : 'No series matches.');
  else if (more > 0) {
    parts.push(
      `${shown} of ${(shown + more).toLocaleString('en-US')} matches shown (at most ${PICKER_MAX_ROWS}): type more to narrow.`,
    );
  } else parts.push(`${shown} ${shown === 1 ? 'match' : 'matches'}.`);
  if (incomplete && status === 'unavailable') {
    parts.push('The server cannot be searched: only the series this page knows are listed.');
  }
  return parts.join(' ');
}
