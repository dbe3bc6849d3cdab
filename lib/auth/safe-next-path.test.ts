import { describe, expect, it } from 'vitest';
import { NEXT_PATH_MAX_CHARS, safeNextPath } from './safe-next-path';

describe('safeNextPath', () => {
  it.each(['/', '/dashboard', '/?series=host.cpu', '/a/b#c', '/%C4%81?q=%20'])(
    'keeps %s',
    (path) => {
      expect(safeNextPath(path)).toBe(path);
    },
  );

  it.each([
    null,
    '',
    'https://evil.example/',
    '//evil.example/',
    '/\\evil.example',
    'dashboard',
    '/a\nb',
    '/a\u0000b',
    '/a\u0085b',
    'javascript:alert(1)',
    '/\ud800',
    `/${'a'.repeat(NEXT_PATH_MAX_CHARS)}`,
  ])('replaces %j with /', (next) => {
    expect(safeNextPath(next)).toBe('/');
  });

  it.each([
    ['/ā', '/%C4%81'],
    ['/a b', '/a%20b'],
    ['/?name=שרה', '/?name=%D7%A9%D7%A8%D7%94'],
    ['/📈', '/%F0%9F%93%88'],
    ['/\u202eadmin', '/%E2%80%AEadmin'],
  ])('percent-encodes %j as %j: a Location header carries only ASCII', (next, encoded) => {
    expect(safeNextPath(next)).toBe(encoded);
    expect(safeNextPath(next)).toMatch(/^[\u0021-\u007e]+$/);
  });

  it('gives / when encoding makes the path longer than NEXT_PATH_MAX_CHARS', () => {
    // 1 + 1 + 341 * 6 = 2048 characters once encoded; one more is refused.
    expect(safeNextPath(`/a${'ā'.repeat(341)}`)).toBe(`/a${'%C4%81'.repeat(341)}`);
    expect(safeNextPath(`/aa${'ā'.repeat(341)}`)).toBe('/');
  });
});
