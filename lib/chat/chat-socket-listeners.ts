import type { RawData, WebSocket } from 'ws';
import type { ChatConnection } from './chat-connection';

/** Where a chat socket's events go (the hub), each with the socket's connection. */
export interface ChatSocketEvents {
  onMessage(conn: ChatConnection, data: RawData, isBinary: boolean): void;
  onClose(conn: ChatConnection, code: number): void;
  onError(conn: ChatConnection, error: unknown): void;
  onPing(conn: ChatConnection, data: Buffer): void;
}

/** The ws listeners of one hub, shared by all its sockets. */
export type ChatSocketListeners = {
  message(this: WebSocket, data: RawData, isBinary: boolean): void;
  close(this: WebSocket, code: number): void;
  error(this: WebSocket, error: Error): void;
  ping(this: WebSocket, data: Buffer): void;
};

/** The connection a socket carries (set by {@link listenToSocket}). */
const kConnection = Symbol('pulseboard.chatConnection');
type ConnectedSocket = WebSocket & { [kConnection]: ChatConnection };

/**
 * The listeners of a hub's sockets, made once per hub. As in ws itself, `this` is the socket and
 * the connection is read from it: closures per socket would be kept for the socket's life.
 */
export function createSocketListeners(events: ChatSocketEvents): ChatSocketListeners {
  return {
    message(data, isBinary) {
      events.onMessage(connectionOf(this), data, isBinary);
    },
    close(code) {
      events.onClose(connectionOf(this), code);
    },
    error(error) {
      events.onError(connectionOf(this), error);
    },
    ping(data) {
      events.onPing(connectionOf(this), data);
    },
  };
}

/** Hands `conn.socket`'s events to `listeners`; a pong marks the connection alive. */
export function listenToSocket(conn: ChatConnection, listeners: ChatSocketListeners): void {
  const socket = conn.socket as ConnectedSocket;
  socket[kConnection] = conn;
  socket.on('message', listeners.message);
  socket.on('close', listeners.close);
  socket.on('error', listeners.error);
  socket.on('pong', socketOnPong);
  socket.on('ping', listeners.ping);
}

function socketOnPong(this: WebSocket): void {
  connectionOf(this).alive = true;
}

function connectionOf(socket: WebSocket): ChatConnection {
  return (socket as ConnectedSocket)[kConnection];
}
