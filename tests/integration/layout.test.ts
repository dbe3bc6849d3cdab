import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYOUT_BODY_MAX_BYTES } from '@/lib/layout/layout-schema';
import { LAYOUT_MAX_WIDGETS, type Widget } from '@/lib/protocol';
import { getJson, putLayout } from './helpers/http-api';
import { openSse } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';

const cpu: Widget = {
  id: 'w-cpu',
  series: 'cpu.percent',
  kind: 'gauge',
  size: 'm',
  warn: 70,
  critical: 90,
};
const mem: Widget = { id: 'w-mem', series: 'mem.used', kind: 'stat', size: 's' };

function widgets(count: number): Widget[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `w${i}`,
    series: 's',
    kind: 'line',
    size: 's',
  }));
}

describe('/api/layout', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ COLLECTOR_ENABLED: '0' });
  });
  afterAll(() => server?.stop());

  it('answers the empty layout (version 0) before anyone saved one, then saves with version checks', async () => {
    expect(await getJson(`${server.url}/api/layout`)).toEqual({
      status: 200,
      body: { version: 0, widgets: [] },
    });

    const saved = await putLayout(server.url, { baseVersion: 0, widgets: [cpu, mem] });
    expect(saved).toEqual({ status: 200, body: { version: 1, widgets: [cpu, mem] } });
    expect((await getJson(`${server.url}/api/layout`)).body).toEqual({
      version: 1,
      widgets: [cpu, mem],
    });

    // A second writer still on version 0 is refused, and the stored layout is untouched.
    const stale = await putLayout(server.url, { baseVersion: 0, widgets: [mem] });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: { code: 'conflict' } });
    expect((await getJson(`${server.url}/api/layout`)).body).toEqual({
      version: 1,
      widgets: [cpu, mem],
    });
  });

  it('keeps the layout across a restart', async () => {
    const before = (await getJson(`${server.url}/api/layout`)).body as { version: number };
    server = await server.restart();
    expect((await getJson(`${server.url}/api/layout`)).body).toEqual(before);
  });

  it.each([
    ['not JSON', 'invalid_json', '{'],
    ['an empty body', 'invalid_json', ''],
    ['no baseVersion', 'validation_failed', { widgets: [] }],
    ['a fractional baseVersion', 'validation_failed', { baseVersion: 1.5, widgets: [] }],
    [
      'an unknown kind',
      'validation_failed',
      { baseVersion: 0, widgets: [{ ...mem, kind: 'pie' }] },
    ],
    ['an unknown size', 'validation_failed', { baseVersion: 0, widgets: [{ ...mem, size: 'xl' }] }],
    [
      'a bad series name',
      'validation_failed',
      { baseVersion: 0, widgets: [{ ...mem, series: 'a b' }] },
    ],
    ['a bad widget id', 'validation_failed', { baseVersion: 0, widgets: [{ ...mem, id: '<x>' }] }],
    ['duplicate ids', 'validation_failed', { baseVersion: 0, widgets: [mem, mem] }],
    [
      'warn above critical',
      'validation_failed',
      { baseVersion: 0, widgets: [{ ...mem, warn: 9, critical: 1 }] },
    ],
    [
      'min not below max',
      'validation_failed',
      { baseVersion: 0, widgets: [{ ...mem, min: 5, max: 5 }] },
    ],
    [
      'a string threshold',
      'validation_failed',
      { baseVersion: 0, widgets: [{ ...mem, warn: '5' }] },
    ],
    [
      'an unknown field',
      'validation_failed',
      { baseVersion: 0, widgets: [{ ...mem, script: 'x' }] },
    ],
    [
      'too many widgets',
      'validation_failed',
      { baseVersion: 0, widgets: widgets(LAYOUT_MAX_WIDGETS + 1) } as unknown,
    ],
  ])('refuses %s with 400 %s and stores nothing', async (_name, code, body) => {
    const before = (await getJson(`${server.url}/api/layout`)).body;
    const answer = await putLayout(server.url, body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code, message: expect.any(String) } });
    expect((await getJson(`${server.url}/api/layout`)).body).toEqual(before);
  });

  it(`takes ${LAYOUT_MAX_WIDGETS} widgets (the edge) and refuses a body over ${LAYOUT_BODY_MAX_BYTES} bytes with 413`, async () => {
    const current = (await getJson(`${server.url}/api/layout`)).body as { version: number };
    const full = await putLayout(server.url, {
      baseVersion: current.version,
      widgets: widgets(LAYOUT_MAX_WIDGETS),
    });
    expect(full.status).toBe(200);
    const base = `{"baseVersion":${current.version + 1},"widgets":[],"pad":"`;
    const justOver = `${base}${'x'.repeat(LAYOUT_BODY_MAX_BYTES - base.length - 1)}"}`;
    expect(Buffer.byteLength(justOver)).toBe(LAYOUT_BODY_MAX_BYTES + 1);
    const over = await putLayout(server.url, justOver);
    expect(over.status).toBe(413);
    expect(over.body).toMatchObject({ error: { code: 'payload_too_large' } });
    // Exactly at the cap the body is read (and refused for its unknown field, not its size).
    const atCap = justOver.slice(0, base.length) + justOver.slice(base.length + 1);
    expect(Buffer.byteLength(atCap)).toBe(LAYOUT_BODY_MAX_BYTES);
    expect((await putLayout(server.url, atCap)).status).toBe(400);
  });

  it('refuses a cross-site PUT with 403 and a non-JSON content type with 415', async () => {
    const current = (await getJson(`${server.url}/api/layout`)).body as { version: number };
    const body = { baseVersion: current.version, widgets: [] };
    expect((await putLayout(server.url, body, { Origin: 'https://evil.example' })).status).toBe(
      403,
    );
    expect((await putLayout(server.url, body, { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await getJson(`${server.url}/api/layout`)).body).toEqual(current);
  });

  it('announces a saved layout as `event: layout` (no id) to every open stream, filtered or not', async () => {
    const a = await openSse(`${server.url}/api/stream`);
    const b = await openSse(`${server.url}/api/stream?series=other.series`);
    try {
      await a.nextEvent('snapshot');
      await b.nextEvent('snapshot');
      const current = (await getJson(`${server.url}/api/layout`)).body as { version: number };
      const saved = await putLayout(server.url, { baseVersion: current.version, widgets: [cpu] });
      expect(saved.status).toBe(200);
      for (const stream of [a, b]) {
        const item = await stream.next((i) => i.event === 'layout');
        expect(item.id).toBeUndefined();
        expect(JSON.parse(item.data ?? 'null')).toEqual(saved.body);
      }
    } finally {
      a.close();
      b.close();
    }
  });
});
