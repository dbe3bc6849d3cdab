import { connect } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { setupNginxProxy } from './helpers/nginx-proxy';
import { openSse } from './helpers/sse-client';

const { through, server } = setupNginxProxy();

describe('Pulseboard behind nginx (deploy/nginx/pulseboard.conf)', () => {
  it('names the client by the address nginx appended, whatever X-Forwarded-For the client sent', async () => {
    const spoofed = '203.0.113.66';
    const stream = await openSse(`${through().url}/api/stream?series=nginx.who`, {
      headers: { 'X-Forwarded-For': spoofed },
    });
    const id = stream.headers.get('x-request-id');
    await stream.nextEvent('snapshot');

    const open = await vi.waitFor(() => {
      const line = logLines().find((l) => l.msg === 'sse open' && l.connId === id);
      if (!line) throw new Error('no sse open line yet');
      return line;
    });

    expect(open.remote).toBe('127.0.0.1');
    expect(server()?.output()).not.toContain(spoofed);
  });

  it('forwards the Host, so a rebound name is refused through nginx too', async () => {
    const answer = await rawGet(through().url, '/api/health', 'rebind.attacker.example');

    expect(answer).toMatch(/^HTTP\/1\.1 403 [\s\S]*"code":"host_not_allowed"/);
  });
});

type LogLine = Record<string, unknown> & { msg?: string };

/** The server's JSON log lines so far. */
function logLines(): LogLine[] {
  return (server()?.output() ?? '')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

/** `GET path` with the given Host (fetch cannot set it), read to the end; the raw answer. */
async function rawGet(url: string, pathname: string, host: string): Promise<string> {
  const { port } = new URL(url);
  const socket = connect(Number(port), '127.0.0.1');
  socket.write(`GET ${pathname} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
  const chunks: Buffer[] = [];
  for await (const chunk of socket) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}
