import { describe, expect, it } from 'vitest';
import { BOARD_SLUG_PATTERN, numberedSlug, slugOf } from './boards';

describe('slugOf', () => {
  it.each([
    ['Payments API', 'payments-api'],
    ['  Équipe Réseau!! ', 'equipe-reseau'],
    ['a--b__c', 'a-b-c'],
    ['Κόμβοι', 'board'],
    ['x'.repeat(60), 'x'.repeat(48)],
  ])('%j -> %s', (name, slug) => {
    expect(slugOf(name)).toBe(slug);
    expect(BOARD_SLUG_PATTERN.test(slug)).toBe(true);
  });

  it('never ends in a dash when cut at 48 characters', () => {
    const slug = slugOf(`${'a'.repeat(47)} b`);
    expect(slug).toBe('a'.repeat(47));
  });
});

describe('numberedSlug', () => {
  it('adds -n and stays a valid slug at the longest', () => {
    expect(numberedSlug('payments', 2)).toBe('payments-2');
    const long = numberedSlug('a'.repeat(48), 12);
    expect(long).toBe(`${'a'.repeat(45)}-12`);
    expect(BOARD_SLUG_PATTERN.test(long)).toBe(true);
  });
});

describe('BOARD_SLUG_PATTERN', () => {
  it.each(['a', 'a-b', '0', 'a'.repeat(48)])('takes %s', (slug) => {
    expect(BOARD_SLUG_PATTERN.test(slug)).toBe(true);
  });
  it.each(['', '-a', 'a-', 'a--b', 'A', 'a_b', 'a'.repeat(49), 'é'])('refuses %j', (slug) => {
    expect(BOARD_SLUG_PATTERN.test(slug)).toBe(false);
  });
});
