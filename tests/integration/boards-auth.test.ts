import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSignedIn } from './helpers/auth-api';
import { getJson } from './helpers/http-api';
import type { TestServer } from './helpers/start-test-server';

/** The boards API is behind the layout API's gate: a session, and no cross-site writes. */
describe('/api/boards with AUTH_PASSWORD', () => {
  let server: TestServer;
  let cookie: string;
  beforeAll(async () => {
    ({ server, cookie } = await startSignedIn());
  });
  afterAll(() => server?.stop());

  const post = (headers: Record<string, string>) =>
    fetch(`${server.url}/api/boards`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify({ name: 'Ops' }),
    });
  const boards = async () => (await getJson(`${server.url}/api/boards`, { Cookie: cookie })).body;

  it('answers 401 without a session, for reads and writes, and creates nothing', async () => {
    expect((await getJson(`${server.url}/api/boards`)).status).toBe(401);
    expect((await getJson(`${server.url}/api/boards/default/layout`)).status).toBe(401);
    expect((await post({})).status).toBe(401);
    expect(await boards()).toEqual({ boards: [{ slug: 'default', name: 'Default' }] });
  });

  it('refuses a cross-site write with a session (403) and creates nothing', async () => {
    const answer = await post({ Cookie: cookie, Origin: 'https://evil.example' });
    expect(answer.status).toBe(403);
    expect(await answer.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect(await boards()).toEqual({ boards: [{ slug: 'default', name: 'Default' }] });
  });

  it('creates and lists boards with a session', async () => {
    const answer = await post({ Cookie: cookie });
    expect(answer.status).toBe(201);
    expect(await boards()).toEqual({
      boards: [
        { slug: 'default', name: 'Default' },
        { slug: 'ops', name: 'Ops' },
      ],
    });
  });
});
