'use client';

import { type FormEvent, useState } from 'react';
import { RANGE_MAX_SPAN_DAYS, RANGE_MAX_SPAN_MS } from '@/lib/protocol';
import { RANGE_PRESETS, type TimeRange } from '../client/time-range';

/** `datetime-local` value (local time, minutes) of an epoch ms. */
function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * The time range picker: one button per preset (the current one has aria-pressed="true") and a
 * custom from/to form with `datetime-local` inputs. A custom range must have from < to and span
 * at most RANGE_MAX_SPAN_DAYS (366) days; otherwise the form says why and nothing changes.
 */
export function RangePicker({
  range,
  onChange,
}: {
  range: TimeRange;
  onChange: (range: TimeRange) => void;
}) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const initial =
    range.kind === 'custom' ? range : { from: Date.now() - 3_600_000, to: Date.now() };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const from = new Date(String(data.get('from'))).getTime();
    const to = new Date(String(data.get('to'))).getTime();
    if (!Number.isFinite(from) || !Number.isFinite(to)) return setError('Enter both times.');
    if (from >= to) return setError('"From" must be before "to".');
    if (to - from > RANGE_MAX_SPAN_MS) {
      return setError(`A range spans at most ${RANGE_MAX_SPAN_DAYS} days.`);
    }
    setError(null);
    setOpen(false);
    onChange({ kind: 'custom', from, to });
  };

  return (
    <fieldset className="range-picker" aria-label="Time range">
      {RANGE_PRESETS.map((preset) => (
        <button
          key={preset}
          type="button"
          className="range-button"
          aria-pressed={range.kind === 'preset' && range.preset === preset}
          data-testid={`range-${preset}`}
          onClick={() => onChange({ kind: 'preset', preset })}
        >
          {preset}
        </button>
      ))}
      <button
        type="button"
        className="range-button"
        aria-pressed={range.kind === 'custom'}
        aria-expanded={open}
        data-testid="range-custom"
        onClick={() => setOpen((o) => !o)}
      >
        Custom
      </button>
      {open ? (
        <form className="range-custom" onSubmit={submit} data-testid="range-custom-form">
          <label>
            From{' '}
            <input
              type="datetime-local"
              name="from"
              required
              defaultValue={toLocalInput(initial.from)}
              data-testid="range-from"
            />
          </label>
          <label>
            To{' '}
            <input
              type="datetime-local"
              name="to"
              required
              defaultValue={toLocalInput(initial.to)}
              data-testid="range-to"
            />
          </label>
          <button type="submit" data-testid="range-apply">
            Apply
          </button>
          {error ? (
            <span role="alert" className="range-error">
              {error}
            </span>
          ) : null}
        </form>
      ) : null}
    </fieldset>
  );
}
