import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WEBHOOK_ATTEMPTS_MAX, WebhookQueue } from './webhook-queue';

type Received = { headers: IncomingMessage['headers']; body: string };

/** A local receiver answering the statuses of `statuses` in turn (then 200). */
async function receiver(statuses: number[]) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise((r) => server.close(r)) };
}

let queue: WebhookQueue | undefined;
afterEach(() => queue?.stop());

describe('WebhookQueue', () => {
  it('delivers to a local receiver, retrying once after a failure', async () => {
    const hook = await receiver([500]);
    queue = new WebhookQueue({ retryBaseMs: 5 });
    queue.enqueue({
      url: hook.url,
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    await vi.waitFor(() => expect(queue?.stats.delivered).toBe(1));
    expect(hook.received.map((r) => r.body)).toEqual(['{"a":1}', '{"a":1}']);
    expect(hook.received[1]?.headers['content-type']).toBe('application/json');
    expect(queue.stats).toEqual({ delivered: 1, failed: 0, retries: 1, queued: 0 });
    await hook.close();
  });

  it(`counts a delivery failed after ${WEBHOOK_ATTEMPTS_MAX} attempts`, async () => {
    const hook = await receiver(Array(WEBHOOK_ATTEMPTS_MAX).fill(503));
    queue = new WebhookQueue({ retryBaseMs: 1 });
    queue.enqueue({ url: hook.url, headers: {}, body: 'x' });
    await vi.waitFor(() => expect(queue?.stats.failed).toBe(1));
    expect(hook.received).toHaveLength(WEBHOOK_ATTEMPTS_MAX);
    expect(queue.stats.delivered).toBe(0);
    await hook.close();
  });

  it('keeps at most queueMax waiting: one more is dropped and counted failed', async () => {
    const never = vi.fn(() => new Promise<Response>(() => {}));
    queue = new WebhookQueue({ queueMax: 2, fetch: never as unknown as typeof fetch });
    const request = { url: 'http://127.0.0.1:9/', headers: {}, body: '' };
    expect(queue.enqueue(request)).toBe(true); // in flight
    expect(queue.enqueue(request)).toBe(true);
    expect(queue.enqueue(request)).toBe(true); // the queue holds 2
    expect(queue.enqueue(request)).toBe(false);
    expect(queue.stats.failed).toBe(1);
  });
});
