import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openChat } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { openSse } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';

const SECRET_TEXT = 'the launch code is 0000';
const TOKEN = 'log-secret-token';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    COLLECTOR_ENABLED: '0',
    INGEST_TOKEN: TOKEN,
    LOG_LEVEL: 'info',
  });
});
afterAll(() => server?.stop());
afterEach(closeClients);

type LogLine = Record<string, unknown> & { msg?: string };

/** The server's JSON log lines so far. */
function logLines(): LogLine[] {
  return server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

/** Waits for a log line matching `predicate` (the server writes its logs asynchronously). */
function waitForLog(predicate: (line: LogLine) => boolean): Promise<LogLine> {
  return vi.waitFor(
    () => {
      const found = logLines().find(predicate);
      if (!found) throw new Error(`no such log line in:\n${server.output()}`);
      return found;
    },
    { timeout: 2000, interval: 10 },
  );
}

describe('structured logs (pino, JSON in production)', () => {
  it('logs an SSE stream open and close with its id, transport, remote address and duration', async () => {
    const stream = await openSse(`${server.url}/api/stream`);
    const requestId = stream.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const open = await waitForLog((l) => l.msg === 'sse open' && l.connId === requestId);
    expect(open).toMatchObject({ level: 'info', transport: 'sse', remote: '127.0.0.1' });
    stream.close();
    const close = await waitForLog((l) => l.msg === 'sse close' && l.connId === requestId);
    expect(close).toMatchObject({ transport: 'sse', remote: '127.0.0.1' });
    expect(close.durationMs).toEqual(expect.any(Number));
  });

  it('logs a chat socket open and close, and never the message text', async () => {
    const chat = await openChat(server.wsUrl, { name: 'logger' });
    chat.send({ type: 'message', text: SECRET_TEXT });
    await chat.next('ack');
    await chat.close();
    const id = chat.welcome.connectionId;
    const close = await waitForLog((l) => l.msg === 'chat close' && l.connId === id);
    expect(close).toMatchObject({ transport: 'ws', remote: '127.0.0.1', code: 1005 });
    expect(close.durationMs).toEqual(expect.any(Number));
    expect(logLines().find((l) => l.msg === 'chat open' && l.connId === id)).toMatchObject({
      transport: 'ws',
    });
    expect(server.output()).not.toContain(SECRET_TEXT);
  });

  it('keeps a request id given by the client and never logs the bearer token', async () => {
    const response = await fetch(`${server.url}/api/metrics`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${TOKEN}`,
        'X-Request-Id': 'client-chosen-42',
      },
      body: JSON.stringify({ samples: [{ series: 'log.x', value: 1 }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('client-chosen-42');
    expect(server.output()).not.toContain(TOKEN);
  });
});
