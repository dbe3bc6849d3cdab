'use client';

import { useEffect, useState } from 'react';
import type { Widget } from '@/lib/protocol';
import {
  boardOfPath,
  desiredThresholdRules,
  listRules,
  syncThresholdRules,
  widgetRules,
} from '../../client/threshold-rules';

/**
 * The "Notify" switch of a widget's threshold editor: on, its warn and critical thresholds
 * become alert rules (`above`, for a minute, on this board: docs/alerts.md), kept in step when
 * the thresholds change; off, those rules are deleted. Disabled while the widget has none.
 */
export function ThresholdNotify({ widget, label }: { widget: Widget; label: string }) {
  const [on, setOn] = useState<boolean | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const board = typeof window === 'undefined' ? 'default' : boardOfPath(window.location.pathname);
  const hasThreshold = widget.warn !== undefined || widget.critical !== undefined;

  // biome-ignore lint/correctness/useExhaustiveDependencies: read once per widget and board
  useEffect(() => {
    let gone = false;
    listRules().then(
      (rules) => {
        if (!gone) setOn(widgetRules(rules, widget, board).length > 0);
      },
      () => {},
    );
    return () => {
      gone = true;
    };
  }, [widget.id, board]);

  // On: new thresholds are carried into the rules.
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the thresholds only
  useEffect(() => {
    if (on) apply(true);
  }, [widget.warn, widget.critical]);

  const apply = (want: boolean) => {
    setError(undefined);
    setOn(want); // shown at once; the answer settles it
    syncThresholdRules(widget, board, want ? desiredThresholdRules(widget, board) : []).then(
      (rules) => setOn(rules.length > 0),
      (e: unknown) => setError(e instanceof Error ? e.message : 'the rules were not saved'),
    );
  };

  return (
    <label className="widget-control">
      <input
        type="checkbox"
        checked={on === true}
        disabled={on === undefined || (!hasThreshold && on !== true)}
        data-testid="widget-notify-toggle"
        aria-label={`Notify the chat when ${label} passes its thresholds`}
        onChange={(e) => apply(e.currentTarget.checked)}
      />{' '}
      Notify
      {error ? (
        <span className="widget-control-error" role="alert">
          {error}
        </span>
      ) : null}
    </label>
  );
}
