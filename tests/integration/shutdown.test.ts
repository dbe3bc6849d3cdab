import { afterEach, describe, expect, it } from 'vitest';
import { openChat } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { openSse } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';

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
  });

  it('exits 0 with nothing open', async () => {
    server = await startTestServer({ COLLECTOR_ENABLED: '1', SAMPLE_INTERVAL_MS: '100' });

    const exit = await server.stop();

    expect(exit.code).toBe(0);
    expect(exit.durationMs).toBeLessThan(PROMPT_EXIT_MS);
  });

  it('still exits 0, within the drain limit, when a chat client never answers the close', async () => {
    server = await startTestServer({ COLLECTOR_ENABLED: '0' });
    const stuck = await openChat(server.wsUrl, { name: 'stuck' });
    // Stop reading: the server's close frame is never answered.
    (stuck.ws as unknown as { _socket: { pause(): void } })._socket.pause();

    const exit = await server.stop();

    expect(exit.code).toBe(0);
    expect(exit.durationMs).toBeLessThan(8000);
  });
});
