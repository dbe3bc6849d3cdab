import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { ChatConnection, createChatStats } from './chat-connection';
import {
  type ChatSocketEvents,
  createSocketListeners,
  listenToSocket,
} from './chat-socket-listeners';

const EVENTS = ['message', 'close', 'error', 'pong', 'ping'] as const;

function connection(id: string): ChatConnection {
  const socket = new EventEmitter() as unknown as WebSocket;
  return new ChatConnection(id, id, socket, undefined, createChatStats());
}

describe('listenToSocket', () => {
  it("hands each socket's events to the hub with that socket's connection", () => {
    const seen: string[] = [];
    const events: ChatSocketEvents = {
      onMessage: (conn, data, isBinary) => seen.push(`${conn.id} message ${data} ${isBinary}`),
      onClose: (conn, code) => seen.push(`${conn.id} close ${code}`),
      onError: (conn, error) => seen.push(`${conn.id} error ${(error as Error).message}`),
      onPing: (conn, data) => seen.push(`${conn.id} ping ${data}`),
    };
    const listeners = createSocketListeners(events);
    const [a, b] = [connection('a'), connection('b')];
    listenToSocket(a, listeners);
    listenToSocket(b, listeners);

    b.socket.emit('message', Buffer.from('hi'), false);
    a.socket.emit('ping', Buffer.from('p'));
    a.socket.emit('error', new Error('boom'));
    b.socket.emit('close', 1000);
    a.alive = false;
    b.alive = false;
    a.socket.emit('pong');

    expect(seen).toEqual(['b message hi false', 'a ping p', 'a error boom', 'b close 1000']);
    expect([a.alive, b.alive]).toEqual([true, false]);
  });

  it('gives every socket of a hub the same listener functions: none is made per socket', () => {
    const listeners = createSocketListeners({
      onMessage: () => {},
      onClose: () => {},
      onError: () => {},
      onPing: () => {},
    });
    const [a, b] = [connection('a'), connection('b')];
    listenToSocket(a, listeners);
    listenToSocket(b, listeners);

    for (const event of EVENTS) {
      const [listener, ...others] = a.socket.listeners(event);
      expect(others).toEqual([]);
      expect(b.socket.listeners(event)).toStrictEqual([listener]);
      expect(b.socket.listeners(event)[0]).toBe(listener);
    }
  });
});
