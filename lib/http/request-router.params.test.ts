import { describe, expect, it } from 'vitest';
import { ask, serveRouter } from './request-router.test-helpers';

serveRouter();

describe('a route with a parameter segment', () => {
  const del = (path: string, headers: Record<string, string> = { Cookie: 'ok' }) =>
    ask(path, { method: 'DELETE', headers });

  it('hands the decoded segment to the handler, behind the same checks as any route', async () => {
    expect(await del('/things/a%20b%3Ac')).toMatchObject({
      status: 200,
      body: { params: { id: 'a b:c' } },
    });
    expect((await del('/things/x', {})).status).toBe(401);
    expect((await del('/things/x', { Cookie: 'ok', Origin: 'https://evil.example' })).status).toBe(
      403,
    );
    const get = await ask('/things/x', { headers: { Cookie: 'ok' } });
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'DELETE, OPTIONS']);
    expect((await del('/things/x/y')).body).toEqual({ fallback: true });
  });

  it('refuses a malformed percent-encoding with 400, after the gate', async () => {
    expect(await del('/things/%E0%A4%A')).toMatchObject({
      status: 400,
      body: { error: { code: 'bad_request' } },
    });
    expect((await del('/things/%E0%A4%A', {})).status).toBe(401);
  });
});
