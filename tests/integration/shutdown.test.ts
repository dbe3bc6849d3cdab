import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { type IncomingMessage, request } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SHUTDOWN_GRACE_MS } from '@/lib/graceful-shutdown';
import { SHUTDOWN_RETRY_JITTER_MS, SHUTDOWN_RETRY_MIN_MS } from '@/lib/protocol';
import { openChat } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { openSse } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';
import { storedSamples } from './helpers/stores';

/** "Within a few seconds". */
const PROMPT_EXIT_MS = 3000;

let server: TestServer | undefined;
afterEach(async () => {
  closeClients();
  await server?.stop();
  server = undefined;
});

describe('graceful shutdown on SIGTERM', () => {
  it('closes chat sockets with 1001, ends SSE streams, and exits 0 promptly', async () => {
    server = await startTestServer({ COLLECTOR_ENABLED: '0' });
    const chats = await Promise.all(
      ['ada', 'bob', 'carol'].map((name) => openChat((server as TestServer).wsUrl, { name })),
    );
    const streams = await Promise.all([
      openSse(`${server.url}/api/stream`),
      openSse(`${server.url}/api/stream?series=x`),
    ]);
    await Promise.all(streams.map((s) => s.nextEvent('snapshot')));

    const exit = await server.stop();
    const closes = await Promise.all(chats.map((c) => c.closed));
    const ends = await Promise.all(streams.map((s) => s.ended));

    expect(exit.code).toBe(0);
    expect(exit.durationMs).toBeLessThan(PROMPT_EXIT_MS);
    expect(closes.map((c) => c.code)).toEqual([1001, 1001, 1001]);
    expect(ends).toEqual(['end', 'end']);
    for (const stream of streams) {
      const [retry, shutdown] = stream.log.items.slice(-2);
      const retryMs = retry?.retry ?? 0;
      expect(retryMs).toBeGreaterThanOrEqual(SHUTDOWN_RETRY_MIN_MS);
      expect(retryMs).toBeLessThan(SHUTDOWN_RETRY_MIN_MS + SHUTDOWN_RETRY_JITTER_MS);
      expect(shutdown).toMatchObject({ event: 'shutdown' });
      expect(shutdown?.id).toBeUndefined();
      expect(JSON.parse(shutdown?.data ?? '')).toEqual({ reason: 'server restarting', retryMs });
    }
  });

  it('exits 0 with nothing open', async () => {
    server = await startTestServer({ COLLECTOR_ENABLED: '1', SAMPLE_INTERVAL_MS: '100' });

    const exit = await server.stop();

    expect(exit.code).toBe(0);
    expect(exit.durationMs).toBeLessThan(PROMPT_EXIT_MS);
  });

  it('still exits 0, after SHUTDOWN_TIMEOUT_MS and within its grace, when a chat client never answers the close', async () => {
    server = await startTestServer({ COLLECTOR_ENABLED: '0', SHUTDOWN_TIMEOUT_MS: '500' });
    const stuck = await openChat(server.wsUrl, { name: 'stuck' });
    // Stop reading: the server's close frame is never answered.
    (stuck.ws as unknown as { _socket: { pause(): void } })._socket.pause();

    const exit = await server.stop();

    expect(exit.code).toBe(0);
    expect(exit.durationMs).toBeGreaterThanOrEqual(500);
    expect(exit.durationMs).toBeLessThan(500 + SHUTDOWN_GRACE_MS);
  });

  it('answers 200 after the commit to an ingest whose body completes during the drain', async () => {
    server = await startTestServer({ COLLECTOR_ENABLED: '0' });
    const post = await startIngest(server.url, [701, 702, 703]);

    await signalAndWait(server, 'SIGTERM');
    post.finish();
    const answer = await post.answer;
    await exitOf(server.child);

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ accepted: 3, seq: 3 });
    expect(await storedValues(server.databasePath)).toEqual([701, 702, 703]);
  });

  it('answers 503 shutting_down to an ingest body still unread at SHUTDOWN_TIMEOUT_MS, stores none of it, and exits 0 in time', async () => {
    server = await startTestServer({ COLLECTOR_ENABLED: '0', SHUTDOWN_TIMEOUT_MS: '500' });
    const post = await startIngest(server.url, [801, 802, 803]);

    const startedAt = performance.now();
    await signalAndWait(server, 'SIGTERM');
    const answer = await post.answer;
    const exit = await exitOf(server.child);
    const durationMs = performance.now() - startedAt;

    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({
      error: {
        code: 'shutting_down',
        message: 'the server is shutting down; nothing of this request was stored; retry it',
      },
    });
    expect(exit).toEqual([0, null]);
    expect(durationMs).toBeLessThan(500 + SHUTDOWN_GRACE_MS);
    expect(await storedValues(server.databasePath)).toEqual([]);
  });
});

/**
 * `POST /api/metrics` in flight while the server shuts down: resolves once the server has taken
 * the request (its `100 Continue`) and the first half of the body is sent; the rest is sent
 * only on `finish()`.
 */
async function startIngest(url: string, values: number[]) {
  const body = Buffer.from(
    JSON.stringify({ samples: values.map((value) => ({ series: 'inflight', value })) }),
  );
  const req = request(`${url}/api/metrics`, {
    method: 'POST',
    agent: false,
    headers: {
      'Content-Type': 'application/json',
      'Content-Length': body.byteLength,
      Expect: '100-continue',
    },
  });
  const answer = new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    req.once('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(chunks).toString()),
        }),
      );
    });
    req.once('error', reject);
  });
  answer.catch(() => undefined);
  req.flushHeaders();
  await once(req, 'continue');
  const half = Math.floor(body.byteLength / 2);
  await new Promise<void>((resolve) => req.write(body.subarray(0, half), () => resolve()));
  return { answer, finish: () => req.end(body.subarray(half)) };
}

/** Sends `signal` and resolves once the server has logged that it is shutting down. */
async function signalAndWait(server: TestServer, signal: NodeJS.Signals): Promise<void> {
  server.child.kill(signal);
  await vi.waitFor(() => expect(server.output()).toContain('"msg":"shutting down"'), {
    timeout: 5000,
    interval: 10,
  });
}

/** The exit code and signal of `child`, once it has exited. */
async function exitOf(child: ChildProcess): Promise<[number | null, NodeJS.Signals | null]> {
  if (child.exitCode !== null || child.signalCode !== null)
    return [child.exitCode, child.signalCode];
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  return [code, signal];
}

async function storedValues(databasePath: string): Promise<number[]> {
  return (await storedSamples(databasePath)).map((r) => r.value);
}
