import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOARD_NAME_MAX_CHARS, type Widget } from '@/lib/protocol';
import { getJson, sendJson } from './helpers/http-api';
import { openSse } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';

const cpu: Widget = { id: 'w-cpu', series: 'cpu', kind: 'gauge', size: 'm' };

describe('/api/boards', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ COLLECTOR_ENABLED: '0' });
  });
  afterAll(() => server?.stop());
  const api = (path = '') => `${server.url}/api/boards${path}`;

  it('lists the default board, creates boards with slugs made from their names, renames and deletes', async () => {
    expect(await getJson(api())).toEqual({
      status: 200,
      body: { boards: [{ slug: 'default', name: 'Default' }] },
    });
    const created = await sendJson(api(), 'POST', { name: '  Payments API ' });
    expect(created).toEqual({ status: 201, body: { slug: 'payments-api', name: 'Payments API' } });
    // The same name again, and a name whose slug is the default board's: numbered slugs.
    expect((await sendJson(api(), 'POST', { name: 'Payments API' })).body).toEqual({
      slug: 'payments-api-2',
      name: 'Payments API',
    });
    expect((await sendJson(api(), 'POST', { name: 'Default' })).body).toEqual({
      slug: 'default-2',
      name: 'Default',
    });
    expect((await sendJson(api('/payments-api'), 'PATCH', { name: 'Billing' })).body).toEqual({
      slug: 'payments-api',
      name: 'Billing',
    });
    expect((await sendJson(api('/payments-api-2'), 'DELETE')).status).toBe(204);
    expect((await getJson(api())).body).toEqual({
      boards: [
        { slug: 'default', name: 'Default' },
        { slug: 'payments-api', name: 'Billing' },
        { slug: 'default-2', name: 'Default' },
      ],
    });
  });

  it("keeps each board's layout apart, with its own versions, across a restart", async () => {
    await sendJson(api(), 'POST', { name: 'Layouts' });
    const url = api('/layouts/layout');
    expect(await getJson(url)).toEqual({ status: 200, body: { version: 0, widgets: [] } });
    const saved = await sendJson(url, 'PUT', { baseVersion: 0, widgets: [cpu] });
    expect(saved).toEqual({ status: 200, body: { version: 1, widgets: [cpu] } });
    const stale = await sendJson(url, 'PUT', { baseVersion: 0, widgets: [] });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: { code: 'conflict' } });
    // The default board is untouched, and reachable under its slug too.
    const defaultLayout = (await getJson(`${server.url}/api/layout`)).body;
    expect((await getJson(api('/default/layout'))).body).toEqual(defaultLayout);
    expect(defaultLayout).not.toEqual(saved.body);
    server = await server.restart();
    expect((await getJson(api('/layouts/layout'))).body).toEqual({ version: 1, widgets: [cpu] });
  });

  it('announces a board layout as event: board-layout and the list as event: boards', async () => {
    const stream = await openSse(`${server.url}/api/stream`);
    try {
      await stream.nextEvent('snapshot');
      const created = await sendJson(api(), 'POST', { name: 'Events' });
      const listEvent = await stream.next((i) => i.event === 'boards');
      expect(JSON.parse(listEvent.data ?? 'null')).toEqual({ changed: 'events' });
      expect(created.status).toBe(201);
      await sendJson(api('/events/layout'), 'PUT', { baseVersion: 0, widgets: [cpu] });
      const layoutEvent = await stream.next((i) => i.event === 'board-layout');
      expect(layoutEvent.id).toBeUndefined();
      expect(JSON.parse(layoutEvent.data ?? 'null')).toEqual({
        board: 'events',
        version: 1,
        widgets: [cpu],
      });
      // Version 1 of another board is not "older": it is announced too.
      await sendJson(api(), 'POST', { name: 'Events two' });
      await sendJson(api('/events-two/layout'), 'PUT', { baseVersion: 0, widgets: [] });
      const second = await stream.next(
        (i) => i.event === 'board-layout' && (i.data ?? '').includes('events-two'),
      );
      expect(JSON.parse(second.data ?? 'null')).toMatchObject({ board: 'events-two', version: 1 });
    } finally {
      stream.close();
    }
  });

  it.each([
    ['POST', '', { name: '' }, 400, 'name must not be empty'],
    [
      'POST',
      '',
      { name: 'x'.repeat(BOARD_NAME_MAX_CHARS + 1) },
      400,
      `at most ${BOARD_NAME_MAX_CHARS}`,
    ],
    ['POST', '', { name: 'a\u202eb' }, 400, 'U+202E'],
    ['POST', '', { name: 'a', extra: 1 }, 400, 'unknown field'],
    ['POST', '', '{oops', 400, ''],
    ['PATCH', '/Bad_Slug', { name: 'x' }, 400, 'a board slug is'],
    ['PATCH', '/default', { name: 'x' }, 400, 'the default board cannot be renamed'],
    ['DELETE', '/default', undefined, 400, 'the default board cannot be deleted'],
    ['PATCH', '/nope', { name: 'x' }, 404, 'there is no board nope'],
    ['DELETE', '/nope', undefined, 404, 'there is no board nope'],
    ['GET', '/nope/layout', undefined, 404, 'there is no board nope'],
    ['PUT', '/nope/layout', { baseVersion: 0, widgets: [] }, 404, 'there is no board nope'],
    ['PUT', '/default-2/layout', { baseVersion: 0, widgets: [{ id: 'x' }] }, 400, 'widgets[0]'],
    ['POST', '/default', { name: 'x' }, 405, ''],
  ])('%s /api/boards%s %j -> %i %s', async (method, path, body, status, message) => {
    const before = (await getJson(api())).body;
    const answer = await sendJson(api(path), method, body);
    expect(answer.status).toBe(status);
    expect(JSON.stringify(answer.body)).toContain(message);
    expect((await getJson(api())).body).toEqual(before);
  });
});
