import WebSocket from 'ws';
import { wallNow } from './clock';

/** Prefix of the `clientMsgId` of bench messages; the rest is the message index. */
export const BENCH_MSG_ID_PREFIX = 'bench-';
/** Longest WebSocket handshake, in milliseconds. */
export const CHAT_HANDSHAKE_TIMEOUT_MS = 30_000;

export type ChatClientState = 'opening' | 'open' | 'failed' | 'dropped' | 'closed';

/** Arrival of one message index at one client. */
export type Arrival = { at: number; count: number };

/**
 * One chat socket on `ws`: waits for its welcome, records when each bench message and each
 * ack arrived and how often. Presence and typing frames are ignored.
 */
export class ChatClient {
  readonly index: number;
  readonly startedAt = wallNow();
  state: ChatClientState = 'opening';
  welcomeAt = Number.NaN;
  error: string | undefined;
  /** Relayed bench messages by index. */
  readonly messages = new Map<number, Arrival>();
  /** Acks of this client's own messages by index. */
  readonly acks = new Map<number, Arrival>();
  /** Frames of any kind since the last {@link resetCounters}. */
  frames = 0;
  readonly #ws: WebSocket;
  readonly #onSettled: (client: ChatClient) => void;

  constructor(
    url: URL,
    index: number,
    localAddress: string,
    onSettled: (client: ChatClient) => void,
  ) {
    this.index = index;
    this.#onSettled = onSettled;
    this.#ws = new WebSocket(url, {
      localAddress,
      perMessageDeflate: false,
      handshakeTimeout: CHAT_HANDSHAKE_TIMEOUT_MS,
    });
    this.#ws.on('message', (data) => this.#onFrame(data.toString(), wallNow()));
    this.#ws.on('unexpected-response', (_req, res) => {
      this.#end(`HTTP ${res.statusCode}`);
      this.#ws.terminate();
    });
    this.#ws.on('error', (error) => this.#end(error.message));
    this.#ws.on('close', (code) => this.#end(`closed with ${code}`));
  }

  /** Sends bench message `k` and returns when it was handed to the socket. */
  sendMessage(k: number): number {
    const at = wallNow();
    this.#ws.send(
      JSON.stringify({
        type: 'message',
        text: `bench ${k}`,
        clientMsgId: `${BENCH_MSG_ID_PREFIX}${k}`,
      }),
    );
    return at;
  }

  close(): void {
    if (this.state === 'opening' || this.state === 'open') this.state = 'closed';
    this.#ws.terminate();
  }

  fail(reason: string): void {
    if (this.state !== 'opening') return;
    this.#end(reason);
    this.#ws.terminate();
  }

  resetCounters(): void {
    this.frames = 0;
  }

  #end(reason: string): void {
    if (this.state === 'opening') {
      this.state = 'failed';
      this.error = reason;
      this.#onSettled(this);
    } else if (this.state === 'open') {
      this.state = 'dropped';
      this.error = reason;
    }
  }

  #onFrame(text: string, at: number): void {
    this.frames++;
    const frame = JSON.parse(text) as { type: string; clientMsgId?: string | null };
    if (frame.type === 'welcome') {
      if (this.state !== 'opening') return;
      this.state = 'open';
      this.welcomeAt = at;
      this.#onSettled(this);
      return;
    }
    if (frame.type !== 'message' && frame.type !== 'ack') return;
    const id = frame.clientMsgId;
    if (typeof id !== 'string' || !id.startsWith(BENCH_MSG_ID_PREFIX)) return;
    const k = Number(id.slice(BENCH_MSG_ID_PREFIX.length));
    const arrivals = frame.type === 'message' ? this.messages : this.acks;
    const seen = arrivals.get(k);
    if (seen) seen.count++;
    else arrivals.set(k, { at, count: 1 });
  }
}
