import { describe, expect, it } from 'vitest';
import { ask, base, counted, serveRouter } from './request-router.test-helpers';

serveRouter();

describe('createRequestRouter', () => {
  it('gives every answer, a refusal included, a request id and the security headers', async () => {
    for (const answer of [await ask('/health'), await ask('/private'), await ask('/nope')]) {
      expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
    }
  });

  it('leaves the head of a route that writes it itself to that route, its headers first', async () => {
    const answer = await ask('/own-head', { headers: { 'X-Forwarded-For': '192.0.2.7' } });

    expect(answer.headers.get('x-set-before')).toBe('none');
    expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
  });

  it.each([
    ['the handler throws', '/own-head?throw', '192.0.2.8', 409],
    ['its rate limit refuses', '/own-head', '192.0.2.9', 429],
  ])(
    'still gives a route that writes its own head the headers when %s',
    async (_, path, from, status) => {
      if (status === 429) await ask(path, { headers: { 'X-Forwarded-For': from } });
      const answer = await ask(path, { headers: { 'X-Forwarded-For': from } });

      expect(answer.status).toBe(status);
      expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
    },
  );

  it('refuses a Host it does not serve before anything else, the fallback included', async () => {
    const { Agent, request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      const req = request(`${base}/nope`, {
        agent: new Agent(),
        headers: { Host: 'evil.example' },
      });
      req.once('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.end();
    });
    expect(status).toBe(403);
    expect(counted).toContain('host_not_allowed');
  });

  it('checks the cross-site rule before the rate limit: a refused POST does not use the budget', async () => {
    const crossSite = await ask('/limited', {
      method: 'POST',
      headers: { Origin: 'https://evil.example' },
    });
    const first = await ask('/limited', {
      method: 'POST',
      headers: { 'X-Forwarded-For': '192.0.2.1' },
    });
    const second = await ask('/limited', {
      method: 'POST',
      headers: { 'X-Forwarded-For': '192.0.2.1' },
    });

    expect([crossSite.status, first.status, second.status]).toEqual([403, 200, 429]);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(first.body).toMatchObject({ clientAddress: '192.0.2.1' });
  });

  it('applies the gate: 401 for a session route, 303 for a page, the session handed on', async () => {
    expect((await ask('/private')).status).toBe(401);
    expect(await ask('/private', { headers: { Cookie: 'ok' } })).toMatchObject({
      status: 200,
      body: { session: { name: 'ada' } },
    });
    const page = await ask('/page?x=1');
    expect([page.status, page.headers.get('location')]).toEqual([303, '/login?next=/page?x=1']);
  });

  it('gates what goes to the fallback by its resolved path', async () => {
    expect((await ask('/api/x')).status).toBe(401);
    expect((await ask('/static/../api/x')).status).toBe(401);
    expect(await ask('/other')).toEqual(
      expect.objectContaining({ status: 200, body: { fallback: true } }),
    );
  });

  it('answers a method a not_allowed path does not list with 405, OPTIONS with 204, both with Allow', async () => {
    const post = await ask('/health', { method: 'POST' });
    const options = await ask('/health', { method: 'OPTIONS' });

    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD, OPTIONS']);
    expect([options.status, options.headers.get('allow')]).toEqual([204, 'GET, HEAD, OPTIONS']);
    expect((await ask('/body')).body).toEqual({ fallback: true });
    expect((await ask('/any', { method: 'DELETE' })).body).toEqual({ method: 'DELETE' });
  });
});
