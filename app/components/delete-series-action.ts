import type { Widget } from '@/lib/protocol';
import type { LayoutChange } from '../client/layout-editor';
import { deleteSeries, type FetchFn } from '../client/series-api';
import { removeSeriesWidgets, widgetSeries } from './layout-model';

/** What the confirm dialog shows after a delete: done (it closes) or why not (it stays). */
export type DeleteOutcome = { done: true; message: string } | { done: false; message: string };

/** What a delete needs from the page. */
export type DeleteDeps = {
  /** The live store: forgets the series at once (the `series-deleted` event may come later). */
  store: { deleteSeries(name: string): void };
  /** The saved layout's widgets (not the default ones). */
  saved: readonly Widget[];
  /** Applies and saves a change of the layout (use-layout's edit). */
  edit: (change: LayoutChange) => void;
  fetch?: FetchFn;
};

/**
 * Deletes `name` on the server, then takes it off this page and, when the saved layout has
 * widgets for it, saves the layout without them (every viewer then gets `event: layout`; the
 * default widget of a deleted series leaves every board by itself with `event: series-deleted`).
 * A 404 means someone deleted it first: the page forgets it all the same.
 */
export async function deleteSeriesFromBoard(
  name: string,
  deps: DeleteDeps,
): Promise<DeleteOutcome> {
  const result = await deleteSeries(name, deps.fetch);
  if (!result.ok && result.status !== 404) return { done: false, message: result.message };
  deps.store.deleteSeries(name);
  if (deps.saved.some((w) => widgetSeries(w).includes(name))) {
    deps.edit((widgets) => removeSeriesWidgets(widgets, name));
  }
  if (!result.ok) return { done: true, message: result.message };
  const samples = result.samples.toLocaleString('en-US');
  return {
    done: true,
    message: `Deleted ${name} and its history (${samples} ${result.samples === 1 ? 'sample' : 'samples'}).`,
  };
}
