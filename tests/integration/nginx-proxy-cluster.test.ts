import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeClients } from './helpers/cleanup';
import { makeSamples, values } from './helpers/expected-samples';
import { getHealth, pushSamples } from './helpers/http-api';
import {
  CLUSTER_START_TIMEOUT_MS,
  type InstanceCluster,
  startInstanceCluster,
} from './helpers/instance-cluster';
import { findNginx, type Nginx, SITE_CONF, startNginx } from './helpers/nginx-proxy';
import { collectSamples, openSse } from './helpers/sse-client';
import { REPO_ROOT } from './helpers/start-test-server';

/** The documented site for N instances, run as shipped except for its addresses. */
const CLUSTER_SITE_CONF = path.join(REPO_ROOT, 'deploy', 'nginx', 'pulseboard-cluster.conf');
/** Health requests through nginx that must all reach the same instance (sticky by address). */
const STICKY_PROBES = 5;

/**
 * deploy/nginx/pulseboard-cluster.conf in front of two instances over one PostgreSQL: both
 * serve one deployment, a client address sticks to one instance, and when that instance dies
 * (kill -9) the stream resumes through nginx on the other without a gap.
 */
let cluster: InstanceCluster;
let proxy: Nginx;
beforeAll(async () => {
  const binary = findNginx();
  cluster = await startInstanceCluster({
    instances: 2,
    idPrefix: 'nginx',
    env: { TRUST_PROXY: '1' },
  });
  proxy = await startNginx(
    binary,
    CLUSTER_SITE_CONF,
    cluster.instances.map((s) => s.port),
  );
}, CLUSTER_START_TIMEOUT_MS);
afterAll(async () => {
  await proxy?.stop();
  await cluster?.stop();
});
afterEach(closeClients);

describe('two instances behind nginx (deploy/nginx/pulseboard-cluster.conf)', () => {
  it('has the server block of deploy/nginx/pulseboard.conf, unchanged (only the upstream differs)', async () => {
    const tail = (text: string) => text.slice(text.indexOf('# "upgrade" for a WebSocket'));
    const [one, many] = await Promise.all([
      readFile(SITE_CONF, 'utf8'),
      readFile(CLUSTER_SITE_CONF, 'utf8'),
    ]);
    expect(tail(many)).toBe(tail(one));
  });

  it('keeps one client address on one instance; when it dies, the stream resumes through nginx on the other without a gap', async () => {
    const sticky = await getHealth(proxy.url);
    for (let i = 1; i < STICKY_PROBES; i++) {
      expect((await getHealth(proxy.url)).instance).toBe(sticky.instance);
    }
    const ids = cluster.instances.map((_, i) => cluster.idOf(i));
    const servedBy = ids.indexOf(String(sticky.instance));
    const other = cluster.instances[1 - servedBy];
    expect(servedBy).toBeGreaterThanOrEqual(0);

    const stream = await openSse(`${proxy.url}/api/stream?series=nginx.cluster`);
    await stream.nextEvent('snapshot');
    // Written on the instance nginx does not send this client to: one deployment.
    const first = await pushSamples(other?.url as string, makeSamples('nginx.cluster', 1, 2));
    expect(values((await collectSamples(stream, first.seq)).samples)).toEqual([1, 2]);

    await cluster.kill(servedBy);
    expect(await stream.ended).not.toBe('abort');
    const missed = await pushSamples(other?.url as string, makeSamples('nginx.cluster', 3, 2));
    const resumed = await openSse(`${proxy.url}/api/stream?series=nginx.cluster`, {
      headers: { 'Last-Event-ID': String(first.seq) },
    });
    const replay = await collectSamples(resumed, missed.seq);
    expect(values(replay.samples)).toEqual([3, 4]);
    expect((await getHealth(proxy.url)).instance).toBe(ids[1 - servedBy]);
  });
});
