import { describe, expect, it } from 'vitest';
import { isOriginAllowed } from './origin-policy';

describe('isOriginAllowed', () => {
  it.each([
    [undefined, 'localhost:3000', [], true],
    ['http://localhost:3000', 'localhost:3000', [], true],
    ['https://LOCALHOST:3000/', 'localhost:3000', [], true],
    ['http://evil.example', 'localhost:3000', [], false],
    ['http://localhost:3001', 'localhost:3000', [], false],
    ['null', 'localhost:3000', [], false],
    ['file://', 'localhost:3000', [], false],
    ['http://dash.example', 'localhost:3000', ['http://dash.example'], true],
    ['http://dash.example', undefined, ['http://dash.example'], true],
    ['http://localhost:3000', undefined, [], false],
    ['http://localhost:3000', 'LOCALHOST:3000', [], true],
    ['HTTP://DASH.EXAMPLE', 'localhost:3000', ['http://dash.example'], true],
  ] as const)('origin %s for host %s with %j → %s', (origin, host, allowed, expected) => {
    expect(isOriginAllowed(origin, host, allowed)).toBe(expected);
  });
});
