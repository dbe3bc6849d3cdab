import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYOUT_HISTORY_MAX, type Widget } from '@/lib/protocol';
import { startSignedIn } from './helpers/auth-api';
import { type ApiResponse, getJson } from './helpers/http-api';
import { openSse } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';

const w = (id: string): Widget => ({ id, series: `s.${id}`, kind: 'line', size: 'm' });

async function send(
  url: string,
  method: string,
  body?: unknown,
  headers = {},
): Promise<ApiResponse> {
  const response = await fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: response.status, body: parsed };
}

const versionsOf = (body: unknown) =>
  (body as { versions: { version: number }[] }).versions.map((v) => v.version);

describe('layout history', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ COLLECTOR_ENABLED: '0' });
  });
  afterAll(() => server?.stop());

  it('lists the saved versions of the default board and restores one as a new version', async () => {
    const history = `${server.url}/api/layout/history`;
    expect(await getJson(history)).toEqual({ status: 200, body: { versions: [] } });
    await send(`${server.url}/api/layout`, 'PUT', { baseVersion: 0, widgets: [w('a')] });
    await send(`${server.url}/api/layout`, 'PUT', { baseVersion: 1, widgets: [w('a'), w('b')] });
    const listed = await getJson(history);
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({
      versions: [
        { version: 2, widgets: 2, summary: 'added s.b' },
        { version: 1, widgets: 1, summary: '1 widget' },
      ],
    });
    // The same history under the default board's slug.
    expect((await getJson(`${server.url}/api/boards/default/layout/history`)).body).toEqual(
      listed.body,
    );
    const stream = await openSse(`${server.url}/api/stream`);
    try {
      await stream.nextEvent('snapshot');
      const restored = await send(`${history}/restore`, 'POST', { version: 1, baseVersion: 2 });
      expect(restored).toEqual({ status: 200, body: { version: 3, widgets: [w('a')] } });
      const event = await stream.next((i) => i.event === 'layout');
      expect(JSON.parse(event.data ?? 'null')).toEqual({ version: 3, widgets: [w('a')] });
    } finally {
      stream.close();
    }
    expect((await getJson(`${server.url}/api/layout`)).body).toEqual({
      version: 3,
      widgets: [w('a')],
    });
    // History is never rewritten: the restore is one more version.
    expect(versionsOf((await getJson(history)).body)).toEqual([3, 2, 1]);
  });

  it('restores a version of another board, and refuses a stale base (409) storing nothing', async () => {
    await send(`${server.url}/api/boards`, 'POST', { name: 'Ops' });
    const layout = `${server.url}/api/boards/ops/layout`;
    await send(layout, 'PUT', { baseVersion: 0, widgets: [w('x')] });
    await send(layout, 'PUT', { baseVersion: 1, widgets: [] });
    const stale = await send(`${layout}/history/restore`, 'POST', { version: 1, baseVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: { code: 'conflict' } });
    const restored = await send(`${layout}/history/restore`, 'POST', {
      version: 1,
      baseVersion: 2,
    });
    expect(restored).toEqual({ status: 200, body: { version: 3, widgets: [w('x')] } });
    expect(versionsOf((await getJson(`${layout}/history`)).body)).toEqual([3, 2, 1]);
  });

  it(`keeps the newest ${LAYOUT_HISTORY_MAX} versions: an older one is gone (404)`, async () => {
    await send(`${server.url}/api/boards`, 'POST', { name: 'Busy' });
    const layout = `${server.url}/api/boards/busy/layout`;
    const saves = LAYOUT_HISTORY_MAX + 1;
    for (let v = 0; v < saves; v++) {
      expect((await send(layout, 'PUT', { baseVersion: v, widgets: [w(`v${v}`)] })).status).toBe(
        200,
      );
    }
    const versions = versionsOf((await getJson(`${layout}/history`)).body);
    expect(versions).toHaveLength(LAYOUT_HISTORY_MAX);
    expect(versions.at(-1)).toBe(2);
    const gone = await send(`${layout}/history/restore`, 'POST', {
      version: 1,
      baseVersion: saves,
    });
    expect(gone.status).toBe(404);
    const oldest = await send(`${layout}/history/restore`, 'POST', {
      version: 2,
      baseVersion: saves,
    });
    expect(oldest).toEqual({ status: 200, body: { version: saves + 1, widgets: [w('v1')] } });
  });

  it.each([
    [
      'a version never saved',
      '/api/layout/history/restore',
      { version: 99, baseVersion: 0 },
      404,
      'not_found',
    ],
    [
      'an unknown board',
      '/api/boards/nope/layout/history/restore',
      { version: 1, baseVersion: 0 },
      404,
      'not_found',
    ],
    [
      'a bad slug',
      '/api/boards/No_Way/layout/history/restore',
      { version: 1, baseVersion: 0 },
      400,
      'bad_request',
    ],
    [
      'version 0',
      '/api/layout/history/restore',
      { version: 0, baseVersion: 0 },
      400,
      'validation_failed',
    ],
    [
      'a fractional version',
      '/api/layout/history/restore',
      { version: 1.5, baseVersion: 0 },
      400,
      'validation_failed',
    ],
    ['no baseVersion', '/api/layout/history/restore', { version: 1 }, 400, 'validation_failed'],
    [
      'an unknown field',
      '/api/layout/history/restore',
      { version: 1, baseVersion: 0, x: 1 },
      400,
      'validation_failed',
    ],
    ['a body that is not JSON', '/api/layout/history/restore', '{', 400, 'invalid_json'],
  ] as const)('refuses %s: %s', async (_, path, body, status, code) => {
    const answer = await send(`${server.url}${path}`, 'POST', body);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ error: { code } });
  });

  it.each([
    ['an unknown board', '/api/boards/nope/layout/history', 404],
    ['a bad slug', '/api/boards/No_Way/layout/history', 400],
  ] as const)('answers the history of %s (%s) with its status', async (_, path, status) => {
    expect((await getJson(`${server.url}${path}`)).status).toBe(status);
  });

  it('answers 405 to another method', async () => {
    expect((await send(`${server.url}/api/layout/history`, 'DELETE')).status).toBe(405);
    expect((await send(`${server.url}/api/layout/history/restore`, 'GET')).status).toBe(405);
  });
});

describe('layout history with AUTH_PASSWORD', () => {
  let server: TestServer;
  let cookie: string;
  beforeAll(async () => {
    ({ server, cookie } = await startSignedIn());
  });
  afterAll(() => server?.stop());

  it('needs a session (401) and refuses a cross-site restore (403)', async () => {
    expect((await getJson(`${server.url}/api/layout/history`)).status).toBe(401);
    const restore = `${server.url}/api/layout/history/restore`;
    expect((await send(restore, 'POST', { version: 1, baseVersion: 0 })).status).toBe(401);
    const crossSite = await send(
      restore,
      'POST',
      { version: 1, baseVersion: 0 },
      {
        Cookie: cookie,
        Origin: 'https://evil.example',
      },
    );
    expect(crossSite.status).toBe(403);
    expect((await getJson(`${server.url}/api/layout/history`, { Cookie: cookie })).status).toBe(
      200,
    );
  });
});
