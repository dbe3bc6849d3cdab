import type { Widget } from '@/lib/protocol';

/** One change this tab made: the widgets it showed just before and just after it. */
export type UndoStep = { before: readonly Widget[]; after: readonly Widget[] };

/**
 * `current` with only what the step changed taken back, so that an Undo in one tab never takes
 * back what another tab (or person) saved since:
 * - a field the step changed goes back to its old value, unless someone changed it since (the
 *   newer edit wins);
 * - a widget the step added goes; a widget it removed comes back (unless someone put it back
 *   already), after the widget it followed;
 * - a widget the step moved goes back after the widget it followed.
 * Widgets the step did not touch stay as they are now, where they are now.
 */
export function revertStep(current: readonly Widget[], step: UndoStep): Widget[] {
  const before = byId(step.before);
  const after = byId(step.after);
  const moved = movedIds(step.before, step.after);
  const kept = current.flatMap((w) => {
    const old = before.get(w.id);
    const made = after.get(w.id);
    if (made && !old) return [];
    return [old && made ? revertFields(w, old, made) : w];
  });
  const placing = new Map<string, Widget>();
  for (const old of step.before) {
    const now = kept.find((w) => w.id === old.id);
    if (!now && !after.has(old.id)) placing.set(old.id, old);
    else if (now && moved.has(old.id)) placing.set(old.id, now);
  }
  let result = kept.filter((w) => !placing.has(w.id));
  for (const [id, widget] of placing)
    result = placeAfterPredecessor(result, widget, id, step.before);
  return result;
}

function byId(widgets: readonly Widget[]): Map<string, Widget> {
  return new Map(widgets.map((w) => [w.id, w]));
}

/** The fields `made` changed from `old` put back on `now`, where `now` still has `made`'s value. */
function revertFields(now: Widget, old: Widget, made: Widget): Widget {
  const next: Record<string, unknown> = { ...now };
  const keys = new Set([...Object.keys(old), ...Object.keys(made)]);
  for (const key of keys) {
    const was = (old as Record<string, unknown>)[key];
    const became = (made as Record<string, unknown>)[key];
    if (same(was, became) || !same(next[key], became)) continue;
    if (was === undefined) delete next[key];
    else next[key] = was;
  }
  return next as Widget;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The widgets kept by the step whose place among the others it changed: those outside a longest
 * common subsequence of the two orders (one id for a single move).
 */
function movedIds(before: readonly Widget[], after: readonly Widget[]): Set<string> {
  const inAfter = new Set(after.map((w) => w.id));
  const inBefore = new Set(before.map((w) => w.id));
  const a = before.map((w) => w.id).filter((id) => inAfter.has(id));
  const b = after.map((w) => w.id).filter((id) => inBefore.has(id));
  // lengths[i][j]: the longest common subsequence of a[i..] and b[j..].
  const lengths = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = lengths[i] as number[];
      row[j] =
        a[i] === b[j]
          ? ((lengths[i + 1] as number[])[j + 1] as number) + 1
          : Math.max((lengths[i + 1] as number[])[j] as number, row[j + 1] as number);
    }
  }
  const stay = new Set<string>();
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      stay.add(a[i] as string);
      i++;
      j++;
    } else if (
      ((lengths[i + 1] as number[])[j] as number) >= ((lengths[i] as number[])[j + 1] as number)
    )
      i++;
    else j++;
  }
  return new Set(a.filter((id) => !stay.has(id)));
}

/**
 * `widgets` with `widget` inserted after the nearest widget that came before it in `order` and
 * is on the board, else before the nearest that came after it, else at the end.
 */
function placeAfterPredecessor(
  widgets: readonly Widget[],
  widget: Widget,
  id: string,
  order: readonly Widget[],
): Widget[] {
  const at = order.findIndex((w) => w.id === id);
  const index = (other: Widget) => widgets.findIndex((w) => w.id === other.id);
  for (let i = at - 1; i >= 0; i--) {
    const found = index(order[i] as Widget);
    if (found >= 0) return [...widgets.slice(0, found + 1), widget, ...widgets.slice(found + 1)];
  }
  for (let i = at + 1; i < order.length; i++) {
    const found = index(order[i] as Widget);
    if (found >= 0) return [...widgets.slice(0, found), widget, ...widgets.slice(found)];
  }
  return [...widgets, widget];
}
