'use client';

import { useState } from 'react';
import { BOARD_NAME_MAX_CHARS, type Board } from '@/lib/protocol';

/** Rename, duplicate and delete (after a confirm step) of the board shown. */
export function BoardActions({
  board,
  onRename,
  onDuplicate,
  onDelete,
}: {
  board: Board;
  onRename: (name: string) => void;
  onDuplicate: (name: string) => void;
  onDelete: () => void;
}) {
  const [name, setName] = useState(board.name);
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="board-actions" data-testid="board-actions">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onRename(name);
        }}
      >
        <input
          type="text"
          value={name}
          maxLength={BOARD_NAME_MAX_CHARS}
          aria-label={`New name of ${board.name}`}
          data-testid="board-rename-name"
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <button type="submit" data-testid="board-rename" disabled={name.trim() === ''}>
          Rename
        </button>
      </form>
      <button
        type="button"
        data-testid="board-duplicate"
        onClick={() => onDuplicate(`${board.name} (copy)`)}
      >
        Duplicate
      </button>
      {confirming ? (
        <p role="alert" className="board-confirm">
          Delete “{board.name}” and its layout for everyone?{' '}
          <button
            type="button"
            className="danger"
            data-testid="board-delete-confirm"
            onClick={onDelete}
          >
            Delete
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </p>
      ) : (
        <button
          type="button"
          className="danger"
          data-testid="board-delete"
          onClick={() => setConfirming(true)}
        >
          Delete board…
        </button>
      )}
    </div>
  );
}
