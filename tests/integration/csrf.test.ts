import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postMetrics } from './helpers/http-api';
import { startTestServer, type TestServer } from './helpers/start-test-server';
import { lastStoredSeq } from './helpers/stores';

const LISTED_ORIGIN = 'https://dash.example.com';
const body = JSON.stringify({ samples: [{ series: 'csrf.a', value: 1 }] });
type HeaderCase = { name: string; headers: Record<string, string> };

const refused = {
  status: 403,
  body: { error: { code: 'forbidden', message: 'cross-site request refused' } },
};

/**
 * A state-changing request a browser sends (it carries `Origin` or `Sec-Fetch-Site`) must be
 * same-origin or from ALLOWED_ORIGINS; requests without those headers (curl, scripts) pass.
 */
describe('CSRF check', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ COLLECTOR_ENABLED: '0', ALLOWED_ORIGINS: LISTED_ORIGIN });
  });
  afterAll(() => server?.stop());

  it.each([
    { name: 'a cross-site Origin', headers: { Origin: 'https://evil.example' } },
    { name: 'Sec-Fetch-Site: cross-site', headers: { 'Sec-Fetch-Site': 'cross-site' } },
    { name: 'Sec-Fetch-Site: same-site', headers: { 'Sec-Fetch-Site': 'same-site' } },
    { name: 'Origin: null (a sandboxed page)', headers: { Origin: 'null' } },
    { name: 'our host on another port', headers: { Origin: 'http://127.0.0.1:1' } },
    {
      name: 'a same-origin Origin with Sec-Fetch-Site: cross-site',
      headers: { Origin: 'same', 'Sec-Fetch-Site': 'cross-site' },
    },
  ] as HeaderCase[])('refuses $name with 403 and stores nothing', async ({ headers }) => {
    const before = await lastStoredSeq(server.databasePath);

    const response = await postMetrics(server.url, body, withOrigin(headers, server.url));

    expect(response).toEqual(refused);
    expect(await lastStoredSeq(server.databasePath)).toBe(before);
  });

  it.each([
    { name: 'a request without Origin or Sec-Fetch-Site (curl)', headers: {} },
    { name: 'a same-origin Origin', headers: { Origin: 'same' } },
    {
      name: 'a same-origin fetch from our page',
      headers: { Origin: 'same', 'Sec-Fetch-Site': 'same-origin' },
    },
    { name: 'Sec-Fetch-Site: none (the user typed it)', headers: { 'Sec-Fetch-Site': 'none' } },
    {
      name: 'an origin listed in ALLOWED_ORIGINS',
      headers: { Origin: LISTED_ORIGIN, 'Sec-Fetch-Site': 'cross-site' },
    },
  ] as HeaderCase[])('stores $name (200)', async ({ headers }) => {
    const before = await lastStoredSeq(server.databasePath);

    const response = await postMetrics(server.url, body, withOrigin(headers, server.url));

    expect(response).toEqual({ status: 200, body: { accepted: 1, seq: before + 1 } });
    expect(await lastStoredSeq(server.databasePath)).toBe(before + 1);
  });

  it('refuses a cross-site POST to a page too, before Next sees it', async () => {
    const response = await fetch(`${server.url}/`, {
      method: 'POST',
      headers: { Origin: 'https://evil.example', 'Content-Type': 'text/plain' },
      body: 'x',
    });

    expect({ status: response.status, body: await response.json() }).toEqual(refused);
  });

  it('leaves cross-site GETs alone (reads change nothing)', async () => {
    const response = await fetch(`${server.url}/api/health`, {
      headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
    });

    expect(response.status).toBe(200);
  });
});

function withOrigin(headers: Record<string, string>, url: string): Record<string, string> {
  return headers.Origin === 'same' ? { ...headers, Origin: url } : headers;
}
