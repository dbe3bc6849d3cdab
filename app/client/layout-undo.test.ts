import { describe, expect, it } from 'vitest';
import type { Widget } from '@/lib/protocol';
import {
  moveWidget,
  moveWidgetBefore,
  placeSeries,
  removeWidget,
  updateWidget,
  withText,
} from '../components/layout-model';
import { revertStep } from './layout-undo';

const w = (id: string, extra: Partial<Widget> = {}): Widget => ({
  id,
  series: id,
  kind: 'line',
  size: 'm',
  ...extra,
});
const ids = (widgets: readonly Widget[]) => widgets.map((x) => x.id);

/** The step `change` makes on `before`. */
function step(before: Widget[], change: (ws: Widget[]) => Widget[]) {
  return { before, after: change(before) };
}

describe('revertStep', () => {
  const board = [w('a'), w('b'), w('c'), w('d')];

  it('takes back a change when nothing else changed: the board as it was', () => {
    const changes: ((ws: Widget[]) => Widget[])[] = [
      (ws) => moveWidget(ws, 'b', -1),
      (ws) => moveWidget(ws, 'a', 1),
      (ws) => moveWidgetBefore(ws, 'd', 'a'),
      (ws) => removeWidget(ws, 'c'),
      (ws) => removeWidget(ws, 'a'),
      (ws) => updateWidget(ws, 'b', (x) => withText(x, 'title', 'Bee')),
      (ws) => updateWidget(ws, 'c', (x) => ({ ...x, size: 'l', w: 3, h: 2 })),
      (ws) => placeSeries(ws, 'e'),
      () => [w('d'), w('a')],
    ];
    for (const change of changes) {
      const s = step(board, change);
      expect(revertStep(s.after, s)).toEqual(board);
    }
  });

  it('keeps what another tab saved since: its rename, its removal, its added widget', () => {
    const mine = step(board, (ws) => updateWidget(ws, 'b', (x) => ({ ...x, size: 'l' })));
    const theirs = [w('a'), { ...w('b'), size: 'l' as const, title: 'Bee' }, w('c'), w('e')];
    expect(revertStep(theirs, mine)).toEqual([w('a'), { ...w('b'), title: 'Bee' }, w('c'), w('e')]);
  });

  it('puts back a widget it removed after the one it followed, among widgets moved since', () => {
    const mine = step(board, (ws) => removeWidget(ws, 'c'));
    const theirs = [w('d'), w('a'), w('b')];
    expect(ids(revertStep(theirs, mine))).toEqual(['d', 'a', 'b', 'c']);
  });

  it('does not put back twice a widget someone put back already', () => {
    const mine = step(board, (ws) => removeWidget(ws, 'c'));
    const theirs = [w('a'), w('b'), w('d'), w('c', { kind: 'stat' })];
    expect(revertStep(theirs, mine)).toEqual(theirs);
  });

  it('moves back only the widget it moved', () => {
    const mine = step(board, (ws) => moveWidgetBefore(ws, 'd', 'a'));
    // Since then another tab moved b after c and added e: d goes back after c, b stays.
    const theirs = [w('d'), w('a'), w('c'), w('b'), w('e')];
    expect(ids(revertStep(theirs, mine))).toEqual(['a', 'c', 'd', 'b', 'e']);
  });

  it('leaves a field changed again since (the newer edit wins), and removes what it added', () => {
    const mine = step(board, (ws) =>
      placeSeries(
        updateWidget(ws, 'a', (x) => ({ ...x, kind: 'gauge' })),
        'e',
      ),
    );
    const theirs = [
      w('a', { kind: 'stat' }),
      w('b'),
      w('c'),
      w('d'),
      w('d-e', { series: 'e', title: 'E' }),
    ];
    expect(revertStep(theirs, mine)).toEqual([w('a', { kind: 'stat' }), w('b'), w('c'), w('d')]);
  });

  it('clears a field the change set and brings back one it cleared', () => {
    const titled = [w('a', { title: 'A' }), w('b')];
    const mine = step(titled, (ws) =>
      updateWidget(
        updateWidget(ws, 'a', (x) => withText(x, 'title', '')),
        'b',
        (x) => withText(x, 'title', 'B'),
      ),
    );
    expect(revertStep(mine.after, mine)).toEqual(titled);
    expect(Object.keys(revertStep(mine.after, mine)[1] as Widget)).not.toContain('title');
  });
});
