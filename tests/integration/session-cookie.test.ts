import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from './helpers/auth-api';
import { getJson } from './helpers/http-api';
import { startTestServer, type TestServer } from './helpers/start-test-server';

/**
 * Issue 10, B9: the session cookie's signature was decoded leniently, so `=`, `!!` or a changed
 * last character still signed in. Each forgery of a real cookie gets 401 now.
 */

const PASSWORD = 'cookie pass';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

let server: TestServer;
let cookie: string;
beforeAll(async () => {
  server = await startTestServer({
    COLLECTOR_ENABLED: '0',
    AUTH_PASSWORD: PASSWORD,
    TRUST_PROXY: '1',
  });
  cookie = await login(server.url, 'Ada', PASSWORD);
});
afterAll(() => server?.stop());

const session = (value: string) => getJson(`${server.url}/api/session`, { Cookie: value });

describe('a forged session cookie', () => {
  it('starts from a cookie that works', async () => {
    expect((await session(cookie)).status).toBe(200);
  });

  it.each([
    ['"=" after the signature', (v: string) => `${v}=`],
    ['"==" after the signature', (v: string) => `${v}==`],
    ['"!!" after the signature', (v: string) => `${v}!!`],
    [
      'the last character changed to one that decodes to the same bytes',
      (v: string) => `${v.slice(0, -1)}${ALPHABET[ALPHABET.indexOf(v.at(-1) as string) ^ 1]}`,
    ],
    [
      'the last character changed to "A"',
      (v: string) => `${v.slice(0, -1)}${v.endsWith('A') ? 'B' : 'A'}`,
    ],
    ['a second dot', (v: string) => `${v}.x`],
  ])('is refused with 401: %s', async (_name, forge) => {
    const forged = forge(cookie);

    expect(forged).not.toBe(cookie);
    expect(await session(forged)).toEqual({
      status: 401,
      body: { error: { code: 'unauthorized', message: expect.any(String) } },
    });
  });
});
