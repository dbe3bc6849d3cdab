import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { CHAT_SEND_BUFFER_MAX_BYTES, ChatConnection, createChatStats } from './chat-connection';

/** The parts of a ws socket that sendRaw reads, with a settable send buffer. */
function socketWith(bufferedAmount: number) {
  const sent: unknown[] = [];
  const socket = { OPEN: 1, readyState: 1, bufferedAmount, send: (d: unknown) => sent.push(d) };
  return { socket: socket as unknown as WebSocket, sent };
}

describe('ChatConnection.sendRaw', () => {
  it('still sends with exactly CHAT_SEND_BUFFER_MAX_BYTES queued, and counts the frame', () => {
    const { socket, sent } = socketWith(CHAT_SEND_BUFFER_MAX_BYTES);
    const stats = createChatStats();
    const conn = new ChatConnection('c1', 'ada', socket, undefined, stats);
    expect(conn.sendRaw('hello')).toBe(true);
    expect(sent).toEqual(['hello']);
    expect(stats).toMatchObject({ framesSent: 1, bytesSent: 5 });
  });

  it('refuses once one byte more is queued', () => {
    const { socket, sent } = socketWith(CHAT_SEND_BUFFER_MAX_BYTES + 1);
    const conn = new ChatConnection('c1', 'ada', socket, undefined, createChatStats());
    expect(conn.sendRaw('hello')).toBe(false);
    expect(sent).toEqual([]);
  });
});
