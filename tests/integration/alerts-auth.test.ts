import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnnotateCommand } from '@/lib/cli/annotate-command';
import { startSignedIn } from './helpers/auth-api';
import type { TestServer } from './helpers/start-test-server';

const TOKEN = 'deploy-token-0123456789';
const rule = { series: 'cpu', condition: 'above', threshold: 90, forMs: 0, severity: 'warning' };

/** With access control on, the alerts API is behind the layout API's gate; annotations take the ingest token. */
describe('alerts and annotations with AUTH_PASSWORD and INGEST_TOKEN', () => {
  let server: TestServer;
  let cookie: string;
  beforeAll(async () => {
    ({ server, cookie } = await startSignedIn({ INGEST_TOKEN: TOKEN }));
  });
  afterAll(() => server?.stop());
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: { 'Content-Type': 'application/json', ...(init.headers ?? {}) },
    });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    call(path, { method: 'POST', body: JSON.stringify(body), headers });

  it('answers 401 without a session, and refuses a cross-site write with 403', async () => {
    expect((await call('/api/alert-rules')).status).toBe(401);
    expect((await call('/api/alerts')).status).toBe(401);
    expect((await post('/api/alert-rules', rule)).status).toBe(401);
    expect((await call('/api/annotations?from=0&to=1')).status).toBe(401);
    const crossSite = await post('/api/alert-rules', rule, {
      Cookie: cookie,
      Origin: 'https://evil.example',
    });
    expect(crossSite.status).toBe(403);
    expect(
      (await (await call('/api/alert-rules', { headers: { Cookie: cookie } })).json()).rules,
    ).toEqual([]);
  });

  it('creates rules with a session', async () => {
    expect((await post('/api/alert-rules', rule, { Cookie: cookie })).status).toBe(201);
  });

  it('takes an annotation with the ingest token (the CLI) or a session, not without either', async () => {
    expect((await post('/api/annotations', { text: 'x' })).status).toBe(401);
    expect(
      (await post('/api/annotations', { text: 'x' }, { Authorization: 'Bearer wrong' })).status,
    ).toBe(401);
    expect(
      (await post('/api/annotations', { text: 'by session', ts: 1 }, { Cookie: cookie })).status,
    ).toBe(201);
    expect(
      await runAnnotateCommand(['by token', '--ts', '2', '--url', server.url], {
        INGEST_TOKEN: TOKEN,
      }),
    ).toMatch(/^annotated #\d+ at /);
    const read = await call('/api/annotations?from=0&to=10', { headers: { Cookie: cookie } });
    const { annotations } = (await read.json()) as { annotations: { text: string }[] };
    expect(annotations.map((a) => a.text)).toEqual(['by session', 'by token']);
  });
});
