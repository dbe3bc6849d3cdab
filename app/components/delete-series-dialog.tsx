'use client';

import { useEffect, useId, useRef, useState } from 'react';
import type { DeleteOutcome } from './delete-series-action';

/**
 * The confirm step of "Delete series…": a modal dialog naming the series and saying that its
 * history goes with it. "Delete" runs `onConfirm`; a refusal is shown in the dialog (it stays
 * open), success closes it and hands the message to `onDone`. Escape or "Cancel" close it.
 */
export function DeleteSeriesDialog({
  series,
  onConfirm,
  onClose,
  onDone,
}: {
  /** The series to delete; the dialog is open while set. */
  series: string | undefined;
  onConfirm: (name: string) => Promise<DeleteOutcome>;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const titleId = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    setError(undefined);
    setBusy(false);
    if (series !== undefined && !dialog.open) dialog.showModal();
    if (series === undefined && dialog.open) dialog.close();
  }, [series]);

  const confirm = async () => {
    if (series === undefined || busy) return;
    setBusy(true);
    setError(undefined);
    const outcome = await onConfirm(series);
    setBusy(false);
    if (outcome.done) onDone(outcome.message);
    else setError(outcome.message);
  };

  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={titleId}
      data-testid="delete-series-dialog"
      onClose={onClose}
    >
      <h2 id={titleId}>Delete {series}?</h2>
      <p>
        The series <strong data-testid="delete-series-name">{series}</strong> and all of its history
        (raw samples and rollups) are deleted from the server for everyone. Its widgets leave the
        board. This cannot be undone; samples pushed later start a new series.
      </p>
      {error ? (
        <p className="form-error" role="alert" data-testid="delete-series-error">
          {error}
        </p>
      ) : null}
      {/* showModal() focuses the first button: Cancel, the safe choice. */}
      <div className="confirm-buttons">
        <button
          type="button"
          className="secondary"
          data-testid="delete-series-cancel"
          onClick={onClose}
        >
          Cancel
        </button>
        <button
          type="button"
          className="danger"
          data-testid="delete-series-confirm"
          disabled={busy}
          onClick={() => void confirm()}
        >
          {busy ? 'Deleting…' : 'Delete series'}
        </button>
      </div>
    </dialog>
  );
}
