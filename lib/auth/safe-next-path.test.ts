import { describe, expect, it } from 'vitest';
import { safeNextPath } from './safe-next-path';

describe('safeNextPath', () => {
  it.each(['/', '/dashboard', '/?series=host.cpu', '/a/b#c'])('keeps %s', (path) => {
    expect(safeNextPath(path)).toBe(path);
  });

  it.each([
    null,
    '',
    'https://evil.example/',
    '//evil.example/',
    '/\\evil.example',
    'dashboard',
    '/a\nb',
    'javascript:alert(1)',
  ])('replaces %j with /', (next) => {
    expect(safeNextPath(next)).toBe('/');
  });
});
