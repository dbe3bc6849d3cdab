import { describe, expect, it } from 'vitest';
import { HostPolicy } from './host-policy';
import { isOriginAllowed } from './origin-policy';

const hosts = new HostPolicy('127.0.0.1', ['dash.example']);

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
    ['https://dash.example', 'dash.example', [], true],
    // A rebound name: same as its Host, but not a host this server answers.
    ['http://rebind.attacker.example:3000', 'rebind.attacker.example:3000', [], false],
    ['http://rebind.attacker.example', 'rebind.attacker.example', [], false],
  ] as const)('origin %s for host %s with %j → %s', (origin, host, allowed, expected) => {
    expect(isOriginAllowed(origin, host, allowed, hosts)).toBe(expected);
  });
});
