import { describe, expect, it } from 'vitest';
import { DELETED_NAMES_MAX, SeriesCatalog } from './series-catalog';

describe('SeriesCatalog', () => {
  it('keeps the order learned, updates units, and gives a new view only after a change', () => {
    const catalog = new SeriesCatalog();
    catalog.reset([{ name: 'b', unit: '%' }, { name: 'a' }], 2);
    const first = catalog.view();
    expect(first).toEqual({
      series: [{ name: 'b', unit: '%' }, { name: 'a' }],
      omitted: 2,
      deleted: new Set(),
    });
    expect(catalog.complete).toBe(false);
    catalog.learn('b', undefined); // no unit given: nothing changes
    catalog.learn('a', undefined);
    expect(catalog.view()).toBe(first);
    catalog.learn('a', 'ms');
    catalog.learn('c', undefined);
    expect(catalog.view().series).toEqual([
      { name: 'b', unit: '%' },
      { name: 'a', unit: 'ms' },
      { name: 'c' },
    ]);
  });

  it(`remembers at most DELETED_NAMES_MAX (${DELETED_NAMES_MAX}) deleted names, the newest`, () => {
    const catalog = new SeriesCatalog();
    for (let i = 0; i < DELETED_NAMES_MAX; i++) catalog.remove(`d${i}`);
    expect(catalog.view().deleted.size).toBe(DELETED_NAMES_MAX);
    expect(catalog.isDeleted('d0')).toBe(true);
    catalog.remove('one.more');
    expect(catalog.view().deleted.size).toBe(DELETED_NAMES_MAX);
    expect(catalog.isDeleted('d0')).toBe(false);
    expect(catalog.isDeleted('one.more')).toBe(true);
  });

  it('forgets that a name was deleted when it is learned again or listed by a snapshot', () => {
    const catalog = new SeriesCatalog();
    catalog.reset([{ name: 'a' }, { name: 'b' }], 0);
    catalog.remove('a');
    catalog.remove('b');
    expect(catalog.view().series).toEqual([]);
    catalog.learn('a', undefined);
    catalog.reset([{ name: 'b' }], 0);
    expect(catalog.isDeleted('a')).toBe(false);
    expect(catalog.isDeleted('b')).toBe(false);
  });

  it('counts a name the snapshot left out once learned (or deleted), and never below zero', () => {
    const catalog = new SeriesCatalog();
    catalog.reset([{ name: 'a' }], 2);
    catalog.learn('new', undefined); // described by the server as new: not one of the two
    expect(catalog.omitted).toBe(2);
    catalog.learn('o1', 'ms', true);
    catalog.learn('o1', 'ms', true); // known now: counted once
    expect(catalog.omitted).toBe(1);
    catalog.remove('o2'); // never known, never deleted: one of the omitted
    expect(catalog.omitted).toBe(0);
    expect(catalog.complete).toBe(true);
    catalog.learn('o3', undefined, true);
    expect(catalog.omitted).toBe(0);
  });

  it('does not count a name twice when its own delete and the server event both remove it', () => {
    const catalog = new SeriesCatalog();
    catalog.reset([{ name: 'a' }], 3);
    catalog.remove('a');
    catalog.remove('a');
    expect(catalog.omitted).toBe(3);
  });
});
