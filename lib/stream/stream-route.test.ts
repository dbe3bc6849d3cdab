import { once } from 'node:events';
import { createServer, get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HostPolicy } from '@/lib/http/host-policy';
import { ProxyTrust } from '@/lib/http/proxy-trust';
import { createRequestRouter } from '@/lib/http/request-router';
import type { MetricStore } from '@/lib/store/metric-store';
import { MemoryDatabase } from '@/lib/testing/memory-database';
import { MemoryMetricStore } from '@/lib/testing/memory-metric-store';
import { scheduledStore } from '@/lib/testing/scheduled-stores';
import { StreamHub } from './stream-hub';
import { STREAM_HEADERS, STREAM_PATH, streamRoutes } from './stream-route';

let server: Server | undefined;
let hub: StreamHub | undefined;
afterEach(() => {
  hub?.closeAll();
  server?.closeAllConnections();
  server?.close();
});

/** A stream route over a store whose snapshot reads never answer until `answer()`. */
async function serveWithHeldSnapshots() {
  const held: (() => void)[] = [];
  const store = scheduledStore<MetricStore>(
    new MemoryMetricStore(new MemoryDatabase()),
    async (label, run) => {
      if (label.startsWith('snapshot')) await new Promise<void>((go) => held.push(go));
      return run();
    },
  );
  hub = new StreamHub(store);
  await hub.start();
  server = createServer(
    createRequestRouter({
      routes: streamRoutes({ hub }),
      fallback: (_req, res) => res.end(),
      hosts: new HostPolicy('127.0.0.1'),
      trust: new ProxyTrust(),
      allowedOrigins: [],
      body: { timeoutMs: 1000 },
      dev: false,
    }),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${STREAM_PATH}`;
  return { url, held, answer: () => held.shift()?.() };
}

describe('GET /api/stream', () => {
  it('sends its head at once, before its first event is read', async () => {
    const { url, held, answer } = await serveWithHeldSnapshots();
    const request = get(url);
    const [response] = (await once(request, 'response')) as [IncomingMessage];

    expect(held).toHaveLength(1); // the snapshot is still being read
    expect(response.headers['content-type']).toBe(STREAM_HEADERS['Content-Type']);
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    answer();
    const [first] = (await once(response, 'data')) as [Buffer];
    expect(first.toString()).toMatch(/^retry: \d+\n\n(.|\n)*event: snapshot\n/);
    request.destroy();
  });
});
