'use client';

import { useState } from 'react';
import {
  SERIES_UNIT_MAX_CHARS,
  WIDGET_SERIES_MAX,
  WIDGET_TEXT_MAX_CHARS,
  type Widget,
} from '@/lib/protocol';
import {
  addSeriesToPanel,
  removeFromPanel,
  updateWidget,
  widgetSeries,
  withDisplayName,
  withText,
} from '../layout-model';
import { CommitTextInput } from './commit-text-input';
import type { LayoutEdit } from './layout-edit';

/**
 * The edit controls of a panel's words and series: its title, unit and section, and (line
 * panels) the series it draws, each with a display name, more added from the known series
 * (up to WIDGET_SERIES_MAX), extra ones removed.
 */
export function PanelControls({
  widget,
  edit,
  known,
}: {
  widget: Widget;
  edit: LayoutEdit;
  /** Every series key the page knows, to add one to the panel. */
  known: readonly string[];
}) {
  const id = widget.id;
  const label = widget.title ?? widget.series;
  const change = (f: (w: Widget) => Widget) => edit((ws) => updateWidget(ws, id, f));
  const drawn = widgetSeries(widget);
  const [adding, setAdding] = useState('');
  const addable = known.filter((key) => !drawn.includes(key));
  return (
    <>
      <CommitTextInput
        title="Title"
        ariaLabel={`Title of ${label}`}
        value={widget.title}
        maxLength={WIDGET_TEXT_MAX_CHARS}
        placeholder={widget.series}
        testId="widget-title-input"
        onCommit={(text) => change((w) => withText(w, 'title', text))}
      />
      <CommitTextInput
        title="Unit"
        ariaLabel={`Unit of ${label}`}
        value={widget.unit}
        maxLength={SERIES_UNIT_MAX_CHARS}
        testId="widget-unit-input"
        onCommit={(text) => change((w) => withText(w, 'unit', text))}
      />
      <CommitTextInput
        title="Section"
        ariaLabel={`Section of ${label}`}
        value={widget.section}
        maxLength={WIDGET_TEXT_MAX_CHARS}
        testId="widget-section-input"
        onCommit={(text) => change((w) => withText(w, 'section', text))}
      />
      {widget.kind === 'line' ? (
        <fieldset className="panel-series" data-testid="panel-series">
          <legend>Series on this panel</legend>
          {drawn.map((key, i) => (
            <div className="panel-series-row" key={key} data-series={key}>
              <CommitTextInput
                title={key}
                ariaLabel={`Display name of ${key}`}
                value={widget.names?.[i] || undefined}
                maxLength={WIDGET_TEXT_MAX_CHARS}
                placeholder="display name"
                testId="panel-series-name"
                onCommit={(text) => change((w) => withDisplayName(w, i, text))}
              />
              {i > 0 ? (
                <button
                  type="button"
                  className="link"
                  data-testid="panel-series-remove"
                  aria-label={`Remove ${key} from ${label}`}
                  onClick={() => change((w) => removeFromPanel(w, key))}
                >
                  Remove
                </button>
              ) : null}
            </div>
          ))}
          {drawn.length < WIDGET_SERIES_MAX ? (
            <div className="panel-series-add">
              <select
                value={adding}
                data-testid="panel-series-select"
                aria-label={`Series to add to ${label}`}
                onChange={(e) => setAdding(e.currentTarget.value)}
              >
                <option value="">Add a series…</option>
                {addable.map((key) => (
                  <option key={key} value={key}>
                    {key}
                  </option>
                ))}
              </select>
              <button
                type="button"
                disabled={adding === ''}
                data-testid="panel-series-add"
                onClick={() => {
                  edit((ws) => addSeriesToPanel(ws, id, adding));
                  setAdding('');
                }}
              >
                Add
              </button>
            </div>
          ) : null}
        </fieldset>
      ) : null}
    </>
  );
}
