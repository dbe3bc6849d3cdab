import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import {
  leavesBodyUnread,
  sendError,
  UNREAD_BODY_DISCARD_MAX_BYTES,
  UNREAD_BODY_LINGER_MS,
} from './http-response';

type Seen = { bytesReadAtFinish: number };

let server: Server;
let port: number;
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    res.once('finish', () => seen.push({ bytesReadAtFinish: req.socket.bytesRead }));
    sendError(req, res, new AppError('payload_too_large', 'too big'), undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Posts `bodyBytes` in one write; resolves with what came back and how the connection ended. */
function post(bodyBytes: number): Promise<{ text: string; reset: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let reset = false;
    socket.on('data', (chunk) => {
      text += chunk.toString();
    });
    socket.on('error', () => {
      reset = true;
    });
    socket.on('close', () => resolve({ text, reset }));
    const head = `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${bodyBytes}\r\n\r\n`;
    socket.write(head);
    socket.end(Buffer.alloc(bodyBytes, 0x20));
  });
}

describe('sendError before the body was read', () => {
  it('throws the body away up to UNREAD_BODY_DISCARD_MAX_BYTES, then closes cleanly', async () => {
    const { text, reset } = await post(UNREAD_BODY_DISCARD_MAX_BYTES);
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text).toMatch(/connection: close/i);
    expect(reset).toBe(false);
    expect(seen.at(-1)?.bytesReadAtFinish).toBeGreaterThanOrEqual(UNREAD_BODY_DISCARD_MAX_BYTES);
  });

  it('closes without waiting for the rest of a body over UNREAD_BODY_DISCARD_MAX_BYTES', async () => {
    const total = UNREAD_BODY_DISCARD_MAX_BYTES * 4;
    await post(total);
    expect(seen.at(-1)?.bytesReadAtFinish).toBeLessThan(total);
  });

  it('closes UNREAD_BODY_LINGER_MS after the answer when the rest of the body never comes', async () => {
    const socket = connect(port, '127.0.0.1');
    let answeredAt = 0;
    const closedAt = await new Promise<number>((resolve) => {
      socket.on('data', () => {
        answeredAt ||= performance.now();
      });
      socket.on('error', () => {});
      socket.on('close', () => resolve(performance.now()));
      socket.write(
        'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"a":',
      );
    });
    expect(answeredAt).toBeGreaterThan(0);
    // Timers may fire a little early or late; the close must not come at once, nor much later.
    expect(closedAt - answeredAt).toBeGreaterThanOrEqual(UNREAD_BODY_LINGER_MS - 50);
    expect(closedAt - answeredAt).toBeLessThan(UNREAD_BODY_LINGER_MS + 1500);
  });
});

describe('leavesBodyUnread', () => {
  it.each([
    ['unauthorized', true],
    ['forbidden', true],
    ['host_not_allowed', true],
    ['unsupported_media_type', true],
    ['payload_too_large', true],
    ['request_timeout', true],
    ['rate_limited', true],
    ['too_many_connections', true],
    ['overloaded', true],
    ['invalid_json', false],
    ['validation_failed', false],
    ['conflict', false],
  ])('%s → %s', (code, unread) => {
    expect(leavesBodyUnread(code)).toBe(unread);
  });
});
