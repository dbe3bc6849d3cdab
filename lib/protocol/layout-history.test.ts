import { describe, expect, it } from 'vitest';
import type { Widget } from './layout';
import { layoutChangeSummary } from './layout-history';

const w = (id: string, extra: Partial<Widget> = {}): Widget => ({
  id,
  series: `s.${id}`,
  kind: 'line',
  size: 'm',
  ...extra,
});

describe('layoutChangeSummary', () => {
  it('counts the widgets of the oldest version kept', () => {
    expect(layoutChangeSummary(undefined, [])).toBe('0 widgets');
    expect(layoutChangeSummary(undefined, [w('a')])).toBe('1 widget');
    expect(layoutChangeSummary(undefined, [w('a'), w('b')])).toBe('2 widgets');
  });

  it('says what was added, removed, resized, edited and reordered', () => {
    const before = [w('a'), w('b'), w('c')];
    expect(layoutChangeSummary(before, [...before, w('d')])).toBe('added s.d');
    expect(layoutChangeSummary(before, [w('a'), w('c')])).toBe('removed s.b');
    expect(layoutChangeSummary(before, [w('a', { w: 2 }), w('b'), w('c')])).toBe('resized s.a');
    expect(layoutChangeSummary(before, [w('a'), w('b', { warn: 3 }), w('c')])).toBe('edited s.b');
    expect(layoutChangeSummary(before, [w('b'), w('a'), w('c')])).toBe('reordered');
    expect(layoutChangeSummary(before, before)).toBe('no change');
    expect(layoutChangeSummary(before, [w('c', { title: 'C' }), w('e')])).toBe(
      'added s.e; removed s.a, s.b; edited C',
    );
  });

  it('spells out three names and counts the rest', () => {
    const added = ['a', 'b', 'c', 'd', 'e'].map((id) => w(id));
    expect(layoutChangeSummary([], added)).toBe('added s.a, s.b, s.c and 2 more');
  });
});
