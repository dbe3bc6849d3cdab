import { describe, expect, it } from 'vitest';
import { isSameOriginRequest, STATE_CHANGING_METHODS } from './csrf';
import { HostPolicy } from './host-policy';

const HOST = 'dash.local:3000';
const LISTED_ORIGIN = 'https://partner.example';
const LISTED = [LISTED_ORIGIN];
const hosts = new HostPolicy('127.0.0.1', ['dash.local']);

function request(method: string, headers: Record<string, string>) {
  return { method, headers: { host: HOST, ...headers } };
}

describe('isSameOriginRequest', () => {
  it.each([
    ['no Origin, no Sec-Fetch-Site (curl)', {}, true],
    ['our own Origin', { origin: 'http://dash.local:3000' }, true],
    ['our own Origin over https (TLS proxy)', { origin: 'https://dash.local:3000' }, true],
    ['our own Origin in upper case', { origin: 'HTTP://DASH.LOCAL:3000' }, true],
    ['Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin' }, true],
    ['Sec-Fetch-Site: none', { 'sec-fetch-site': 'none' }, true],
    [
      'a listed origin, cross-site',
      { origin: LISTED_ORIGIN, 'sec-fetch-site': 'cross-site' },
      true,
    ],
    ['a foreign Origin', { origin: 'https://evil.example' }, false],
    ['our host on another port', { origin: 'http://dash.local:3001' }, false],
    ['our host without the port', { origin: 'http://dash.local' }, false],
    ['Origin: null', { origin: 'null' }, false],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }, false],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }, false],
    [
      'our Origin but Sec-Fetch-Site: cross-site',
      { origin: 'http://dash.local:3000', 'sec-fetch-site': 'cross-site' },
      false,
    ],
    [
      'Sec-Fetch-Site: same-origin but a foreign Origin',
      { origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' },
      false,
    ],
    ['a listed host with another scheme', { origin: 'http://partner.example' }, false],
  ])('POST with %s → %s', (_name, headers, expected) => {
    expect(isSameOriginRequest(request('POST', headers), LISTED, hosts)).toBe(expected);
  });

  it.each([...STATE_CHANGING_METHODS, 'post'])('checks %s', (method) => {
    expect(
      isSameOriginRequest(request(method, { origin: 'https://evil.example' }), [], hosts),
    ).toBe(false);
  });

  it.each(['GET', 'HEAD', 'OPTIONS'])('leaves %s alone (it changes nothing)', (method) => {
    const headers = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
    expect(isSameOriginRequest(request(method, headers), [], hosts)).toBe(true);
  });

  it('refuses a browser request when the Host is missing', () => {
    expect(
      isSameOriginRequest(
        { method: 'POST', headers: { origin: 'http://dash.local:3000' } },
        [],
        hosts,
      ),
    ).toBe(false);
  });

  it('refuses a rebound name: Origin and Host agree, but the server does not answer that name', () => {
    const rebound = {
      method: 'POST',
      headers: {
        host: 'rebind.attacker.example:3000',
        origin: 'http://rebind.attacker.example:3000',
      },
    };
    expect(isSameOriginRequest(rebound, [], hosts)).toBe(false);
  });
});
