import { connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { trackClient } from './cleanup';
import { DEFAULT_WAIT_MS } from './event-log';

/** A response read off a raw TCP connection. */
export type RawResponse = {
  status: number;
  headers: Record<string, string>;
  /** The JSON body, or the text when it is not JSON ('' when there is none). */
  body: unknown;
  /** Whether the server closed the connection (always waited for with `waitForClose`). */
  closedByServer: boolean;
};

export type RawSendOptions = {
  /** Pause between two parts, in milliseconds: a slow client. */
  gapMs?: number;
  /** Resolve only once the server has closed the connection. */
  waitForClose?: boolean;
  /** Give up (and resolve with what arrived) after this long, in milliseconds. */
  timeoutMs?: number;
};

/**
 * Writes `parts` on a fresh TCP connection to 127.0.0.1:`port`, `gapMs` apart, and resolves
 * with the first response once it is complete (or the server closes). Unlike fetch, the bytes
 * are sent exactly as given: doubled headers, lying lengths, bad chunking. Writing stops once
 * an answer arrives; a write error after the server closed is expected, not a failure.
 * Rejects when no HTTP response arrived at all.
 */
export function sendRaw(
  port: number,
  parts: readonly (string | Buffer)[],
  options: RawSendOptions = {},
): Promise<RawResponse> {
  const { gapMs = 0, waitForClose = false, timeoutMs = DEFAULT_WAIT_MS } = options;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const forget = trackClient(() => socket.destroy());
    let received = Buffer.alloc(0);
    let closedByServer = false;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      forget();
      socket.destroy();
      const response = parseResponse(received, closedByServer);
      if (response) resolve(response);
      else reject(new Error(`No HTTP response; got ${JSON.stringify(received.toString())}`));
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (!waitForClose && isComplete(received)) finish();
    });
    socket.once('end', () => {
      closedByServer = true;
      finish();
    });
    socket.once('close', finish);
    socket.on('error', () => {
      // EPIPE or a reset after the server answered and closed: `close` follows.
    });
    void (async () => {
      for (const [index, part] of parts.entries()) {
        if (index > 0 && gapMs > 0) await delay(gapMs);
        if (done || received.length > 0 || socket.destroyed) return;
        socket.write(part);
      }
    })();
  });
}

const HEAD_END = '\r\n\r\n';

function splitHead(raw: Buffer): { head: string; body: Buffer } | undefined {
  const end = raw.indexOf(HEAD_END);
  if (end < 0) return undefined;
  return { head: raw.subarray(0, end).toString('latin1'), body: raw.subarray(end + 4) };
}

function headersOf(head: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function isComplete(raw: Buffer): boolean {
  const parts = splitHead(raw);
  if (!parts) return false;
  const headers = headersOf(parts.head);
  if (headers['content-length'] !== undefined) {
    return parts.body.length >= Number(headers['content-length']);
  }
  if (headers['transfer-encoding'] === 'chunked') return parts.body.includes('0\r\n\r\n');
  return false;
}

function parseResponse(raw: Buffer, closedByServer: boolean): RawResponse | undefined {
  const parts = splitHead(raw);
  if (!parts) return undefined;
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(parts.head)?.[1] ?? 0);
  const headers = headersOf(parts.head);
  const text = (
    headers['transfer-encoding'] === 'chunked' ? dechunk(parts.body) : parts.body
  ).toString();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: the test sees the text.
  }
  return { status, headers, body, closedByServer };
}

function dechunk(body: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = Number.parseInt(body.subarray(at, lineEnd).toString(), 16);
    if (!(size > 0)) break;
    out.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(out);
}
