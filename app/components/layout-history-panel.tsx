'use client';

import { useEffect, useState } from 'react';
import type { LayoutVersionInfo } from '@/lib/protocol';
import { formatDateTime } from '../client/clock-format';
import type { SaveResult } from '../client/layout-client';
import type { SharedLayout } from '../client/use-layout';

/**
 * The board's layout history (edit mode): the kept versions, newest first, with when each was
 * saved, what changed and how many widgets it holds, and a Restore button that saves that
 * version as a new one (history is never rewritten; Undo takes a restore back). Reloaded
 * whenever the board's version changes.
 */
export function LayoutHistoryPanel({
  shared,
  onClose,
}: {
  shared: Pick<SharedLayout, 'history' | 'restore' | 'layout'>;
  onClose: () => void;
}) {
  const [versions, setVersions] = useState<LayoutVersionInfo[] | undefined>();
  const [problem, setProblem] = useState('');
  // Apart from `problem`: the reload a refused restore causes must not hide why it was refused.
  const [refused, setRefused] = useState('');
  const current = shared.layout?.version;
  const { history, restore } = shared;
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the board's version changes
  useEffect(() => {
    let gone = false;
    void history().then((answer) => {
      if (gone) return;
      setVersions(answer?.versions);
      setProblem(answer ? '' : 'The history could not be read.');
    });
    return () => {
      gone = true;
    };
  }, [history, current]);

  return (
    <section className="layout-history" data-testid="layout-history" aria-label="Layout history">
      <header className="layout-history-header">
        <h2>Layout history</h2>
        <button type="button" onClick={onClose} data-testid="layout-history-close">
          Close
        </button>
      </header>
      {problem || refused ? (
        <p className="form-error" role="alert" data-testid="layout-history-problem">
          {problem || refused}
        </p>
      ) : null}
      {versions?.length === 0 ? <p>No saved version yet.</p> : null}
      <ol className="layout-history-list">
        {(versions ?? []).map((v) => (
          <li key={v.version} data-testid="layout-history-item" data-version={v.version}>
            <span className="layout-history-version">v{v.version}</span>{' '}
            <time dateTime={new Date(v.savedAt).toISOString()}>{formatDateTime(v.savedAt)}</time>{' '}
            <span className="layout-history-summary">{v.summary}</span>{' '}
            <span className="layout-history-count">
              ({v.widgets} {v.widgets === 1 ? 'widget' : 'widgets'})
            </span>{' '}
            {v.version === current ? (
              <span className="layout-history-current">current</span>
            ) : (
              <button
                type="button"
                data-testid="layout-history-restore"
                aria-label={`Restore version ${v.version}`}
                onClick={() =>
                  void restore(v.version).then((r) => {
                    setRefused(r.ok ? '' : notRestored(v.version, r));
                  })
                }
              >
                Restore
              </button>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * Why a restore was refused, and what to do: after a 409 the board shows the save that came
 * first (another tab's or person's), and restoring again replaces it (it stays in the history).
 */
export function notRestored(version: number, result: SaveResult & { ok: false }): string {
  if (!result.conflict) return `Not restored: ${result.message}`;
  return `Not restored: the board was changed meanwhile (in another tab or by someone else), and it shows that change now. Restore version ${version} again to replace it.`;
}
