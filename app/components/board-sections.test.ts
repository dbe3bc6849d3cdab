import { describe, expect, it } from 'vitest';
import type { Widget } from '@/lib/protocol';
import { boardSections, COLLAPSED_SECTIONS_STORAGE_KEY, readCollapsed } from './board-sections';

const w = (id: string, section?: string): Widget => ({
  id,
  series: id,
  kind: 'line',
  size: 'm',
  ...(section ? { section } : {}),
});

describe('boardSections', () => {
  it('puts widgets in no section first, then sections in the order of their first widget', () => {
    const groups = boardSections([w('a', 'HTTP'), w('b'), w('c', 'DB'), w('d', 'HTTP'), w('e')]);
    expect(groups.map((g) => [g.name, g.items.map((i) => `${i.widget.id}@${i.index}`)])).toEqual([
      [undefined, ['b@1', 'e@4']],
      ['HTTP', ['a@0', 'd@3']],
      ['DB', ['c@2']],
    ]);
  });

  it('has no empty group', () => {
    expect(boardSections([w('a', 'X')]).map((g) => g.name)).toEqual(['X']);
    expect(boardSections([])).toEqual([]);
  });
});

describe('readCollapsed', () => {
  const storage = (value: string | null) => ({
    getItem: (k: string) => (k === COLLAPSED_SECTIONS_STORAGE_KEY ? value : null),
  });
  it('reads the stored names and ignores anything else', () => {
    expect(readCollapsed(storage('["HTTP",3,"DB"]'))).toEqual(new Set(['HTTP', 'DB']));
    expect(readCollapsed(storage('{oops'))).toEqual(new Set());
    expect(readCollapsed(storage(null))).toEqual(new Set());
    expect(readCollapsed(undefined)).toEqual(new Set());
  });
});
