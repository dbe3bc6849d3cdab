import type { Layout, Widget } from '@/lib/protocol';
import type { SaveResult } from './layout-client';
import { revertStep, type UndoStep } from './layout-undo';

/** One change of the board, a function of the widgets it applies to (so it can be re-applied). */
export type LayoutChange = (widgets: Widget[]) => Widget[];

/** How the editor reaches the server (lib/client/layout-client.ts in the page). */
export type LayoutIo = {
  save(baseVersion: number, widgets: Widget[]): Promise<SaveResult>;
  fetch(): Promise<Layout | undefined>;
};

/** Times a change refused because someone saved first is re-applied to the new layout. */
export const LAYOUT_SAVE_ATTEMPTS_MAX = 3;
/** This tab's changes Undo can take back, newest first. */
export const LAYOUT_UNDO_MAX = 20;

/** What the page shows: the board with this tab's unsaved changes on top, and the last problem. */
export type LayoutEditorView = {
  layout: Layout | undefined;
  error: string | undefined;
  /** Whether Undo has a change to take back. */
  canUndo: boolean;
};

/**
 * The board's layout as this tab edits it. Each change is shown at once (applied to the last
 * layout the server confirmed) and saved one PUT at a time: changes made while a PUT is out are
 * sent together after it, based on the version it created, so a fast burst of edits loses
 * none. A PUT refused because someone else saved first (409) fetches their layout and
 * re-applies the refused changes to it (changes are functions), up to LAYOUT_SAVE_ATTEMPTS_MAX
 * times. Layouts announced by the server (`event: layout`) replace the confirmed one when newer.
 */
export class LayoutEditor {
  readonly #io: LayoutIo;
  readonly #onChange: (view: LayoutEditorView) => void;
  #confirmed: Layout | undefined;
  #pending: LayoutChange[] = [];
  /** The changes of the PUT in flight and the widgets it sent. */
  #inflight: { changes: LayoutChange[]; widgets: Widget[] } | undefined;
  #error: string | undefined;
  /** This tab's own changes, newest first: Undo takes back only these (layout-undo.ts). */
  #undo: UndoStep[] = [];

  constructor(io: LayoutIo, onChange: (view: LayoutEditorView) => void) {
    this.#io = io;
    this.#onChange = onChange;
  }

  /** The board now: the confirmed layout with the changes not yet confirmed applied. */
  view(): LayoutEditorView {
    const base = this.#inflight?.widgets ?? this.#confirmed?.widgets;
    const layout =
      base === undefined && this.#pending.length === 0
        ? this.#confirmed
        : {
            version: this.#confirmed?.version ?? 0,
            widgets: applyAll(this.#pending, base ?? []),
          };
    return { layout, error: this.#error, canUndo: this.#undo.length > 0 };
  }

  /** A layout from the server (GET or `event: layout`): kept when newer than the confirmed one. */
  accept(layout: Layout): void {
    if (this.#confirmed && layout.version <= this.#confirmed.version) return;
    this.#confirmed = layout;
    this.#emit();
  }

  /** Applies `change` now and saves it (after the PUT in flight, if any). */
  edit(change: LayoutChange): void {
    const before = this.view().layout?.widgets ?? [];
    this.#remember({ before, after: change(before) });
    this.#pending.push(change);
    this.#emit();
    void this.#flush(0);
  }

  /**
   * A layout this tab saved another way (a restore of an older version): shown, and Undo can take
   * back what it changed from `before` (the widgets shown before it).
   */
  replaced(before: Widget[], layout: Layout): void {
    this.#remember({ before, after: layout.widgets });
    this.#error = undefined;
    this.accept(layout);
    this.#emit();
  }

  /**
   * Takes back this tab's last change (saved like any change), and only it: what other tabs or
   * people saved since stays (revertStep).
   */
  undo(): void {
    const [step, ...rest] = this.#undo;
    if (!step) return;
    this.#undo = rest;
    this.#pending.push((widgets) => revertStep(widgets, step));
    this.#emit();
    void this.#flush(0);
  }

  async #flush(attempt: number): Promise<void> {
    if (this.#inflight || this.#pending.length === 0) return;
    const changes = this.#pending;
    this.#pending = [];
    const widgets = applyAll(changes, this.#confirmed?.widgets ?? []);
    // Nothing changed (an Undo of what another tab already put back, a drop in place): no PUT,
    // so the history gets no version that changes nothing.
    if (this.#confirmed && sameWidgets(widgets, this.#confirmed.widgets)) {
      this.#emit();
      return this.#flush(0);
    }
    this.#inflight = { changes, widgets };
    const result = await this.#io.save(Math.max(this.#confirmed?.version ?? 0, 0), widgets);
    this.#inflight = undefined;
    if (result.ok) {
      this.#error = undefined;
      this.accept(result.layout);
    } else if (result.conflict && attempt + 1 < LAYOUT_SAVE_ATTEMPTS_MAX) {
      const current = await this.#io.fetch();
      if (current) this.accept(current);
      this.#pending = [...changes, ...this.#pending];
      return this.#flush(attempt + 1);
    } else {
      this.#error = result.conflict
        ? 'Others kept changing the layout: your last change was not saved, apply it again.'
        : `The layout was not saved: ${result.message}`;
      if (result.conflict) {
        const current = await this.#io.fetch();
        if (current) this.accept(current);
      }
    }
    this.#emit();
    return this.#flush(0);
  }

  #remember(step: UndoStep): void {
    this.#undo = [step, ...this.#undo].slice(0, LAYOUT_UNDO_MAX);
  }

  #emit(): void {
    this.#onChange(this.view());
  }
}

function applyAll(changes: readonly LayoutChange[], widgets: Widget[]): Widget[] {
  return changes.reduce((ws, change) => change(ws), widgets);
}

/** Whether two widget lists are the same, field by field, whatever order the keys were set in. */
export function sameWidgets(a: readonly Widget[], b: readonly Widget[]): boolean {
  return a.length === b.length && a.every((w, i) => canonical(w) === canonical(b[i]));
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );
}
