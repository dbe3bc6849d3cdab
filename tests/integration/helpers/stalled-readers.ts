import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { trackClient } from './cleanup';
import { DEFAULT_WAIT_MS } from './event-log';

/** A raw connection that read its first answer and then stopped reading. */
export type StalledReader = {
  socket: Socket;
  /** Bytes read before the reader stalled. */
  bytesRead: number;
  /** Destroys the connection (the test's cleanup). */
  destroy(): void;
};

/**
 * Opens `GET <path>` as an event stream on a raw socket, waits for the first event (the
 * snapshot), then pauses the socket for good: the server's writes pile up unread.
 */
export function openStalledSse(port: number, path = '/api/stream'): Promise<StalledReader> {
  const request = `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\n\r\n`;
  return stallAfter(port, request, (text) => /\r\n\r\n[\s\S]*event: snapshot\n/.test(text));
}

/**
 * Opens the chat socket with a hand-written upgrade on a raw socket, waits for the 101 and the
 * first frame (the welcome), then pauses the socket for good.
 */
export function openStalledChat(port: number, name: string): Promise<StalledReader> {
  return stallAfter(port, chatUpgradeRequest(port, name), (text) => {
    const head = text.indexOf('\r\n\r\n');
    return text.startsWith('HTTP/1.1 101') && head >= 0 && text.length > head + 4;
  });
}

/** A hand-written WebSocket upgrade request for the chat socket. */
export function chatUpgradeRequest(port: number, name: string): string {
  return (
    `GET /ws/chat?name=${encodeURIComponent(name)} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
    'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n\r\n`
  );
}

/**
 * Starts a chat upgrade on a raw socket and gives up mid-handshake: with `at: 'request'` after
 * sending half the request headers, with `at: 'response'` on the first byte of the answer.
 * Resolves once the socket is closed.
 */
export function abortChatUpgrade(
  port: number,
  name: string,
  at: 'request' | 'response',
): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const request = chatUpgradeRequest(port, name);
    socket.once('close', () => resolve());
    socket.on('error', () => {
      // A reset is one of the ways this ends.
    });
    if (at === 'request') {
      socket.write(request.slice(0, request.length / 2), () => socket.destroy());
      return;
    }
    socket.once('data', () => socket.destroy());
    socket.write(request);
  });
}

function stallAfter(
  port: number,
  request: string,
  ready: (textSoFar: string) => boolean,
): Promise<StalledReader> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const destroy = () => socket.destroy();
    const forget = trackClient(destroy);
    socket.once('close', forget);
    const timer = setTimeout(() => {
      destroy();
      reject(new Error(`No first answer within ${DEFAULT_WAIT_MS} ms: ${request.split('\r')[0]}`));
    }, DEFAULT_WAIT_MS);
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (!ready(text)) return;
      socket.pause();
      socket.off('data', onData);
      clearTimeout(timer);
      resolve({ socket, bytesRead: socket.bytesRead, destroy });
    };
    socket.on('data', onData);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.write(request);
  });
}
