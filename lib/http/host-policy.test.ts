import { describe, expect, it } from 'vitest';
import { HostPolicy, splitHost } from './host-policy';

describe('HostPolicy.allows', () => {
  const local = new HostPolicy('127.0.0.1', ['dash.example.com', 'pinned.example:8443']);

  it.each([
    ['localhost', true],
    ['localhost:3000', true],
    ['LOCALHOST:1', true],
    ['localhost.:3000', true],
    ['127.0.0.1', true],
    ['127.0.0.1:3000', true],
    ['[::1]:3000', true],
    ['[::1]', true],
    ['192.0.2.10:3000', true],
    ['dash.example.com', true],
    ['DASH.example.com:443', true],
    ['pinned.example:8443', true],
    ['pinned.example:8444', false],
    ['pinned.example', false],
    ['rebind.attacker.example', false],
    ['rebind.attacker.example:3000', false],
    ['localhost.attacker.example', false],
    ['dash.example.com.attacker.example', false],
    ['', false],
    ['local host', false],
    ['evil;x', false],
    ['localhost:99999999', false],
    [undefined, true],
  ])('Host %j → %s', (host, expected) => {
    expect(local.allows(host)).toBe(expected);
  });

  it('allows the configured HOST name, but never treats a wildcard HOST as a name', () => {
    expect(new HostPolicy('dash.lan').allows('dash.lan:3000')).toBe(true);
    for (const wildcard of ['0.0.0.0', '::']) {
      const policy = new HostPolicy(wildcard);
      expect(policy.allows('rebind.attacker.example')).toBe(false);
      expect(policy.allows('localhost:3000')).toBe(true);
    }
  });

  it('refuses with 403 host_not_allowed naming ALLOWED_HOSTS', () => {
    const error = local.refusal('rebind.attacker.example');
    expect([error.status, error.code]).toEqual([403, 'host_not_allowed']);
    expect(error.message).toMatch(/rebind\.attacker\.example.*ALLOWED_HOSTS/);
  });
});

describe('splitHost', () => {
  it('splits a name or a bracketed address from its port', () => {
    expect(splitHost('Example.com:80')).toEqual({ name: 'example.com', port: '80' });
    expect(splitHost('[::1]:3000')).toEqual({ name: '::1', port: '3000' });
    expect(splitHost('::1')).toBeUndefined();
  });
});
