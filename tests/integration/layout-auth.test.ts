import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSignedIn } from './helpers/auth-api';
import { getJson, putLayout } from './helpers/http-api';
import type { TestServer } from './helpers/start-test-server';

const body = { baseVersion: 0, widgets: [{ id: 'w1', series: 'cpu', kind: 'stat', size: 's' }] };

/** With access control on, the layout is behind the same gate as every other /api path. */
describe('/api/layout with AUTH_PASSWORD', () => {
  let server: TestServer;
  let cookie: string;
  beforeAll(async () => {
    ({ server, cookie } = await startSignedIn());
  });
  afterAll(() => server?.stop());

  it('answers 401 without a session and stores nothing', async () => {
    expect((await getJson(`${server.url}/api/layout`)).status).toBe(401);
    const put = await putLayout(server.url, body);
    expect(put).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect((await getJson(`${server.url}/api/layout`, { Cookie: cookie })).body).toEqual({
      version: 0,
      widgets: [],
    });
  });

  it('reads and saves with a session', async () => {
    const put = await putLayout(server.url, body, { Cookie: cookie });
    expect(put).toEqual({ status: 200, body: { version: 1, widgets: body.widgets } });
    expect((await getJson(`${server.url}/api/layout`, { Cookie: cookie })).body).toEqual(put.body);
  });
});
