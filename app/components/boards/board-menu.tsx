'use client';

import { useId, useState } from 'react';
import { BOARD_NAME_MAX_CHARS, type Board, DEFAULT_BOARD } from '@/lib/protocol';
import { createBoard, deleteBoard, duplicateBoard, renameBoard } from '../../client/boards-api';
import { boardPath } from '../dashboard-link';
import { BoardActions } from './board-actions';

/**
 * The board switcher in the header: the current board's name opens a panel listing every board
 * (with a search box when there are many), a form that creates a board, and, for a board other
 * than the default one, rename, duplicate and delete (with a confirm step). Creating or
 * duplicating opens the new board; deleting the one shown goes back to the default board.
 */
export function BoardMenu({
  current,
  boards,
  onChanged,
}: {
  /** The slug of the board shown. */
  current: string;
  boards: Board[] | undefined;
  /** Called after a change, so the list is read again. */
  onChanged: () => void;
}) {
  const [query, setQuery] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const searchId = useId();
  const shown = boards?.find((b) => b.slug === current);
  const needle = query.trim().toLowerCase();
  const matching = (boards ?? []).filter(
    (b) => needle === '' || b.name.toLowerCase().includes(needle) || b.slug.includes(needle),
  );
  const go = (slug: string) => window.location.assign(boardPath(slug));
  const outcome = (result: { ok: true } | { ok: false; message: string }, then?: () => void) => {
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setError(undefined);
    onChanged();
    then?.();
  };

  return (
    <details className="board-menu" data-testid="board-menu">
      <summary data-testid="board-current">
        <span className="visually-hidden">Board: </span>
        {shown?.name ?? (current === DEFAULT_BOARD.slug ? DEFAULT_BOARD.name : current)}
      </summary>
      <div className="board-menu-panel">
        <label htmlFor={searchId} className="visually-hidden">
          Find a board
        </label>
        <input
          id={searchId}
          type="search"
          placeholder="Find a board"
          value={query}
          data-testid="board-search"
          onChange={(e) => setQuery(e.currentTarget.value)}
        />
        <ul className="board-list" data-testid="board-list">
          {matching.map((b) => (
            <li key={b.slug}>
              <a
                href={boardPath(b.slug)}
                aria-current={b.slug === current ? 'page' : undefined}
                data-board={b.slug}
              >
                {b.name}
              </a>
            </li>
          ))}
          {boards && matching.length === 0 ? <li className="muted">No board matches.</li> : null}
        </ul>
        <form
          className="board-create"
          onSubmit={(e) => {
            e.preventDefault();
            void createBoard(name).then((r) => outcome(r, () => r.ok && go(r.value.slug)));
          }}
        >
          <input
            type="text"
            value={name}
            maxLength={BOARD_NAME_MAX_CHARS}
            placeholder="New board name"
            aria-label="New board name"
            data-testid="board-new-name"
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <button type="submit" data-testid="board-create" disabled={name.trim() === ''}>
            New board
          </button>
        </form>
        {current !== DEFAULT_BOARD.slug && shown ? (
          <BoardActions
            board={shown}
            onRename={(next) => void renameBoard(shown.slug, next).then((r) => outcome(r))}
            onDuplicate={(next) =>
              void duplicateBoard(shown.slug, next).then((r) =>
                outcome(r, () => r.ok && go(r.value.slug)),
              )
            }
            onDelete={() =>
              void deleteBoard(shown.slug).then((r) => outcome(r, () => go(DEFAULT_BOARD.slug)))
            }
          />
        ) : null}
        {error ? (
          <p className="form-error" role="alert" data-testid="board-error">
            {error}
          </p>
        ) : null}
      </div>
    </details>
  );
}
