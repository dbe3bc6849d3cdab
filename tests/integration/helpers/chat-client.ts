import type { IncomingMessage } from 'node:http';
import WebSocket, { type ClientOptions } from 'ws';
import type { ServerFrame } from '@/lib/protocol';
import { trackClient } from './cleanup';
import { DEFAULT_WAIT_MS, EventLog } from './event-log';

export type FrameOf<K extends ServerFrame['type']> = Extract<ServerFrame, { type: K }>;
export type CloseInfo = { code: number; reason: string };

export type ChatClient = {
  ws: WebSocket;
  welcome: FrameOf<'welcome'>;
  log: EventLog<ServerFrame>;
  /** Consumes frames until one of `type` (any type when omitted). */
  next<K extends ServerFrame['type']>(type: K, timeoutMs?: number): Promise<FrameOf<K>>;
  next(): Promise<ServerFrame>;
  /** Sends `frame` as JSON text. */
  send(frame: unknown): void;
  /** Resolves when the socket closes. */
  closed: Promise<CloseInfo>;
  /** A ping round trip: the server has handled every frame sent before it. */
  roundTrip(timeoutMs?: number): Promise<void>;
  close(): Promise<CloseInfo>;
};

/**
 * Opens `/ws/chat` with `query` and resolves with the welcome frame.
 * Options go to the `ws` client (`origin`, `autoPong`, `headers`).
 */
export async function openChat(
  wsUrl: string,
  query: Record<string, string> = {},
  options: ClientOptions = {},
): Promise<ChatClient> {
  const url = new URL(wsUrl);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const ws = new WebSocket(url, { handshakeTimeout: DEFAULT_WAIT_MS, ...options });
  const log = new EventLog<ServerFrame>();
  const forget = trackClient(() => ws.terminate());
  ws.on('message', (data, isBinary) => {
    log.push(
      isBinary ? ({ type: 'binary' } as never) : (JSON.parse(data.toString()) as ServerFrame),
    );
  });
  ws.on('error', () => {
    // Reported through `closed` or the failed open below.
  });
  const closed = new Promise<CloseInfo>((resolve) => {
    ws.once('close', (code, reason) => {
      forget();
      log.end(`the socket closed with ${code}`);
      resolve({ code, reason: reason.toString() });
    });
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => {
      reject(new Error(`The upgrade was refused with HTTP ${res.statusCode}`));
      ws.terminate();
    });
    ws.once('error', reject);
  });
  const welcome = (await log.next(
    (f) => f.type === 'welcome',
    DEFAULT_WAIT_MS,
    'the welcome',
  )) as FrameOf<'welcome'>;
  const next = (type?: ServerFrame['type'], timeoutMs?: number) =>
    log.next((f) => !type || f.type === type, timeoutMs, type ? `a "${type}" frame` : 'a frame');
  return {
    ws,
    welcome,
    log,
    next: next as ChatClient['next'],
    send: (frame) => ws.send(JSON.stringify(frame)),
    closed,
    roundTrip: (timeoutMs = DEFAULT_WAIT_MS) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('No pong')), timeoutMs);
        ws.once('pong', () => {
          clearTimeout(timer);
          resolve();
        });
        ws.ping();
      }),
    close: () => {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close();
      return closed;
    },
  };
}

export type RefusedUpgrade = { status: number; body: unknown };

/**
 * Attempts a WebSocket upgrade that should be refused, and resolves with the HTTP status
 * and the JSON body. Rejects when the upgrade succeeds or gets no answer.
 */
export function refusedUpgrade(url: string, options: ClientOptions = {}): Promise<RefusedUpgrade> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { handshakeTimeout: DEFAULT_WAIT_MS, ...options });
    ws.once('open', () => {
      ws.terminate();
      reject(new Error(`The upgrade to ${url} was accepted`));
    });
    ws.once('error', (error) => reject(error));
    ws.once('unexpected-response', (_req, res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('end', () => {
        const text = Buffer.concat(chunks).toString();
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // Not JSON: the test sees the text.
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
      res.once('error', reject);
    });
  });
}
