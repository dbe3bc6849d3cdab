import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postLogin } from './helpers/auth-api';
import { startTestServer, type TestServer } from './helpers/start-test-server';

/**
 * Issue 10, B9: `/login?next=/ā` answered 500 with a valid Set-Cookie (Node refuses a
 * `Location` header with a character above U+00FF). `next` is percent-encoded now; the whole
 * login flow works with it.
 */

const PASSWORD = 'next path pass';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    COLLECTOR_ENABLED: '0',
    AUTH_PASSWORD: PASSWORD,
    TRUST_PROXY: '1',
  });
});
afterAll(() => server?.stop());

let address = 0;
/** The login form's POST, from an address of its own (the login limit stays out of the way). */
const postForm = (fields: Record<string, string>) =>
  postLogin(server.url, fields, {
    form: true,
    headers: { 'X-Forwarded-For': `198.51.100.${++address}` },
  });

describe('login with a non-ASCII next path', () => {
  it('serves the login page for /login?next=/ā with the path in its form', async () => {
    const page = await fetch(`${server.url}/login?next=${encodeURIComponent('/ā')}`);
    const html = await page.text();

    expect(page.status).toBe(200);
    expect(html).toMatch(/<input type="hidden" name="next" value="\/ā"\/?>/);
  });

  it.each([
    ['/ā', '/%C4%81'],
    ['/ā?x=ü#b', '/%C4%81?x=%C3%BC#b'],
    ['/a b', '/a%20b'],
    ['/\u202eadmin', '/%E2%80%AEadmin'],
  ])('signs in and answers 303 to an ASCII Location for next=%j', async (next, location) => {
    const response = await postForm({ name: 'Ada', password: PASSWORD, next });

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(location);
    expect(response.setCookie).toMatch(/^pulseboard_session=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43};/);
  });

  it('sends a failed login back to the form with the encoded path kept', async () => {
    const response = await postForm({ name: 'Ada', password: 'wrong', next: '/ā' });

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(
      `/login?error=1&next=${encodeURIComponent('/%C4%81')}`,
    );
    expect(response.setCookie).toBeNull();
  });

  it('lands on the page the encoded Location names, signed in', async () => {
    const login = await postForm({ name: 'Ada', password: PASSWORD, next: '/?q=ā' });
    const cookie = login.setCookie?.split(';')[0] as string;
    const location = login.headers.get('location') as string;

    const page = await fetch(new URL(location, server.url), {
      headers: { Cookie: cookie },
      redirect: 'manual',
    });

    expect(location).toBe('/?q=%C4%81');
    expect(page.status).toBe(200);
  });
});
