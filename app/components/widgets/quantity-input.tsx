'use client';

import { useId, useState } from 'react';
import { formatValue } from '../format-value';
import { examplesFor, parseQuantity } from '../parse-quantity';

/**
 * A number typed in the series' unit with its suffix ("2 GB", "500 ms", "80 %"): shown the
 * way values are written on the card, committed on Enter or blur when the text changed, and
 * cleared when emptied. Text that is not a value is kept in the field, marked invalid, with
 * the suffixes the unit takes; nothing is saved.
 */
export function QuantityInput({
  title,
  label,
  unit,
  value,
  testId,
  onCommit,
}: {
  title: string;
  /** The series, for the accessible name ("Warn at of host.cpu"). */
  label: string;
  unit: string | undefined;
  value: number | undefined;
  testId: string;
  onCommit: (value: number | undefined) => void;
}) {
  const shown = value === undefined ? '' : formatValue(value, unit);
  const [error, setError] = useState<string | undefined>(undefined);
  const errorId = useId();
  const commit = (text: string) => {
    if (text.trim() === shown.trim()) {
      setError(undefined);
      return;
    }
    if (text.trim() === '') {
      setError(undefined);
      onCommit(undefined);
      return;
    }
    const parsed = parseQuantity(text, unit);
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError(undefined);
    onCommit(parsed.value);
  };
  return (
    <label className="widget-control">
      {title}
      <input
        type="text"
        inputMode="decimal"
        // A change from another viewer replaces the field (uncontrolled, keyed by value).
        key={`${testId}-${value ?? ''}`}
        defaultValue={shown}
        placeholder={unit ? `in ${unit}` : undefined}
        title={`A number${examplesFor(unit)}`}
        data-testid={testId}
        aria-label={`${title} of ${label}`}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? errorId : undefined}
        onBlur={(e) => commit(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit(e.currentTarget.value);
        }}
      />
      {error ? (
        <span id={errorId} className="widget-control-error" role="alert">
          {error}
        </span>
      ) : null}
    </label>
  );
}
