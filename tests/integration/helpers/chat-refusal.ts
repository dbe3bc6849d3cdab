import WebSocket from 'ws';
import type { ServerFrame } from '@/lib/protocol';
import { trackClient } from './cleanup';
import { DEFAULT_WAIT_MS } from './event-log';

export type ChatOutcome =
  | { refused: false; welcome: Extract<ServerFrame, { type: 'welcome' }>; ws: WebSocket }
  | { refused: true; frames: ServerFrame[]; code: number; reason: string };

/**
 * Opens `/ws/chat` with `query` and resolves with what the server did first: a welcome (the socket
 * stays open; close it) or frames then a close (a refusal such as `name_taken`, 4409).
 */
export function tryChat(wsUrl: string, query: Record<string, string>): Promise<ChatOutcome> {
  const url = new URL(wsUrl);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  const ws = new WebSocket(url, { handshakeTimeout: DEFAULT_WAIT_MS });
  const forget = trackClient(() => ws.terminate());
  const frames: ServerFrame[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no welcome and no close')), DEFAULT_WAIT_MS);
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as ServerFrame;
      frames.push(frame);
      if (frame.type === 'welcome') {
        clearTimeout(timer);
        resolve({ refused: false, welcome: frame, ws });
      }
    });
    ws.once('close', (code, reason) => {
      forget();
      clearTimeout(timer);
      resolve({ refused: true, frames, code, reason: reason.toString() });
    });
    ws.once('error', reject);
  });
}

/** Closes `ws` and resolves when the close handshake is done. */
export function closeChat(ws: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    ws.once('close', () => resolve());
    ws.close();
  });
}
