import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import {
  CHAT_SEND_BUFFER_MAX_BYTES,
  CHAT_SLOW_READER_CLOSE_TIMEOUT_MS,
  ChatConnection,
  createChatStats,
} from './chat-connection';

/** The parts of a ws socket that a connection uses, with a settable send buffer. */
function socketWith(bufferedAmount: number) {
  const sent: unknown[] = [];
  const options: unknown[] = [];
  const calls: string[] = [];
  const socket = Object.assign(new EventEmitter(), {
    OPEN: 1,
    readyState: 1,
    bufferedAmount,
    send: (d: unknown, o: unknown) => {
      sent.push(d);
      options.push(o);
    },
    close: (code: number, reason: string) => calls.push(`close ${code} ${reason}`),
    terminate: () => calls.push('terminate'),
  });
  return { socket: socket as unknown as WebSocket, emitter: socket, sent, options, calls };
}

afterEach(() => {
  vi.useRealTimers();
});

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

  it('sends a shared Buffer as it is, as a text frame', () => {
    const { socket, sent, options } = socketWith(0);
    const conn = new ChatConnection('c1', 'ada', socket, undefined, createChatStats());
    const shared = Buffer.from('{"type":"message"}');
    conn.sendRaw(shared);
    expect(sent[0]).toBe(shared);
    expect(options[0]).toEqual({ binary: false });
  });
});

describe('ChatConnection.dropAsSlowReader', () => {
  it('closes 1013 naming slow_reader, counts it, and cuts the socket if the close stalls', () => {
    vi.useFakeTimers();
    const { socket, calls } = socketWith(CHAT_SEND_BUFFER_MAX_BYTES + 1);
    const stats = createChatStats();
    const conn = new ChatConnection('c1', 'ada', socket, undefined, stats);

    conn.dropAsSlowReader();
    expect(calls).toEqual(['close 1013 too slow to keep up']);
    expect(conn.closeReason).toBe('slow_reader');
    expect(stats.slowReadersDropped).toBe(1);
    vi.advanceTimersByTime(CHAT_SLOW_READER_CLOSE_TIMEOUT_MS - 1);
    expect(calls).not.toContain('terminate');
    vi.advanceTimersByTime(1);
    expect(calls).toContain('terminate');
  });

  it('leaves a socket whose close completes in time alone, with no timer left', () => {
    vi.useFakeTimers();
    const { socket, emitter, calls } = socketWith(CHAT_SEND_BUFFER_MAX_BYTES + 1);
    const conn = new ChatConnection('c1', 'ada', socket, undefined, createChatStats());

    conn.dropAsSlowReader();
    emitter.emit('close', 1013);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(CHAT_SLOW_READER_CLOSE_TIMEOUT_MS);
    expect(calls).toEqual(['close 1013 too slow to keep up']);
  });
});
