import { describe, expect, it } from 'vitest';
import type { Widget } from '@/lib/protocol';
import type { PostgresCluster } from '@/lib/testing/postgres-cluster';
import { putLayout } from './helpers/http-api';
import { openSse } from './helpers/sse-client';
import type { TestServer } from './helpers/start-test-server';
import { twoInstancesOfFile } from './helpers/two-instances';

/** Longest wait for an event from the other instance (the fallback check is 1 s), in ms. */
const CROSS_WAIT_MS = 15_000;

/**
 * The layout across two instances sharing one PostgreSQL database (issue 12): a save on A
 * reaches the streams of B as `event: layout`; two saves on one base version, one per
 * instance, give exactly one 200 and one 409.
 */
let cluster: PostgresCluster;
let a: TestServer;
let b: TestServer;
twoInstancesOfFile('layout_cluster', (started) => {
  ({ cluster, a, b } = started);
});

const widget = (id: string): Widget => ({ id, series: 'host.cpu', kind: 'line', size: 's' });

describe('the layout on two instances sharing PostgreSQL', () => {
  it('sends a layout saved on A to a stream on B', async () => {
    const atB = await openSse(`${b.url}/api/stream`);
    await atB.nextEvent('snapshot');
    const saved = await putLayout(a.url, { baseVersion: 0, widgets: [widget('w-1')] });
    expect(saved.status).toBe(200);
    const event = await atB.next((item) => item.event === 'layout', CROSS_WAIT_MS);
    expect(JSON.parse(event.data ?? 'null')).toEqual({ version: 1, widgets: [widget('w-1')] });
  });

  it('answers one 200 and one 409 to two saves on one base version, one on each instance', async () => {
    const base = (await putLayout(a.url, { baseVersion: 1, widgets: [] })).body as {
      version: number;
    };
    const answers = await Promise.all([
      putLayout(a.url, { baseVersion: base.version, widgets: [widget('from-a')] }),
      putLayout(b.url, { baseVersion: base.version, widgets: [widget('from-b')] }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const conflict = answers.find((r) => r.status === 409);
    expect(conflict?.body).toMatchObject({ error: { code: 'conflict' } });
    expect(
      await cluster.sql('SELECT version FROM dashboard_layout WHERE id = 1', 'layout_cluster'),
    ).toBe(String(base.version + 1));
  });
});
