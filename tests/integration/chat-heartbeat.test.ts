import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openChat } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { getHealth } from './helpers/http-api';
import { startTestServer, type TestServer } from './helpers/start-test-server';

const HEARTBEAT_MS = 100;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    COLLECTOR_ENABLED: '0',
    CHAT_HEARTBEAT_INTERVAL_MS: String(HEARTBEAT_MS),
  });
});
afterAll(() => server?.stop());
afterEach(closeClients);

describe('/ws/chat: heartbeat', () => {
  it('pings every CHAT_HEARTBEAT_INTERVAL_MS and keeps a socket that answers', async () => {
    const chat = await openChat(server.wsUrl, { name: 'alive' });
    const pings: number[] = [];
    chat.ws.on('ping', () => pings.push(Date.now()));

    await expect.poll(() => pings.length, { timeout: 5000 }).toBeGreaterThanOrEqual(5);
    chat.send({ type: 'message', text: 'still here' });
    const ack = await chat.next('ack');

    expect(ack.type).toBe('ack');
    expect(chat.ws.readyState).toBe(chat.ws.OPEN);
    const gaps = pings.slice(1).map((t, i) => t - (pings[i] ?? 0));
    expect(Math.max(...gaps)).toBeLessThan(HEARTBEAT_MS * 10);
  });

  it('terminates a socket that does not answer a ping', async () => {
    const healthy = await openChat(server.wsUrl, { name: 'alive' });
    const silent = await openChat(server.wsUrl, { name: 'silent' }, { autoPong: false });
    const openedAt = Date.now();

    const closed = await silent.closed;

    // Terminated (no close frame), after the ping it left unanswered.
    expect(closed.code).toBe(1006);
    expect(Date.now() - openedAt).toBeGreaterThanOrEqual(HEARTBEAT_MS * 0.9);
    expect(healthy.ws.readyState).toBe(healthy.ws.OPEN);
    await expect.poll(async () => (await getHealth(server.url)).chatSockets).toBe(1);
  });
});
