import { setTimeout as delay } from 'node:timers/promises';
import { type ChatClient, openChat } from './chat-client';
import { postMetrics } from './http-api';

/**
 * Load that survives a server kill: chat senders that resend an unacknowledged message with its
 * clientMsgId after reconnecting, and ingest senders that post batches of unique values and
 * keep going when a request fails. Each records what the server acknowledged.
 */

/** Wait between two connection attempts while the server is down, in milliseconds. */
export const SENDER_RETRY_MS = 100;
/** Wait between two chat messages of one sender, in ms: under the server's 10 frames/s. */
export const CHAT_SEND_INTERVAL_MS = 120;
/** Samples in one ingest request. */
export const INGEST_BATCH_SAMPLES = 5;
/** Longest a chat sender waits for an ack before it reconnects and resends, in ms. */
const ACK_WAIT_MS = 5000;

export type ChatAck = { clientMsgId: string; id: number; ts: number };

/** One chat user sending `${name}-<n>` messages, one at a time, each until it is acked. */
export class ChatSender {
  readonly acked: ChatAck[] = [];
  /** Frames sent, resends included. */
  sends = 0;
  /** Resends of a clientMsgId after a reconnect. */
  resends = 0;
  /** clientMsgIds sent but never acked (given up when the run stopped). */
  readonly unacked: string[] = [];
  #stopping = false;
  readonly done: Promise<void>;

  constructor(
    readonly wsUrl: string,
    readonly name: string,
  ) {
    this.done = this.#run();
  }

  /** Finishes the message in flight (acked, or given up after one try), then stops. */
  stop(): Promise<void> {
    this.#stopping = true;
    return this.done;
  }

  async #run(): Promise<void> {
    let client: ChatClient | undefined;
    for (let n = 0; !this.#stopping; n++) {
      const clientMsgId = `${this.name}-${n}`;
      let tries = 0;
      for (;;) {
        client ??= await this.#connect();
        if (!client) break;
        if (tries++ > 0) this.resends++;
        this.sends++;
        client.send({ type: 'message', text: `text of ${clientMsgId}`, clientMsgId });
        const ack = await client.log
          .next((f) => f.type === 'ack' && f.clientMsgId === clientMsgId, ACK_WAIT_MS)
          .catch(() => undefined);
        if (ack?.type === 'ack') {
          this.acked.push({ clientMsgId, id: ack.id, ts: ack.ts });
          break;
        }
        client.ws.terminate();
        client = undefined;
        if (this.#stopping) {
          this.unacked.push(clientMsgId);
          break;
        }
      }
      if (!this.#stopping) await delay(CHAT_SEND_INTERVAL_MS);
    }
    client?.ws.terminate();
  }

  async #connect(): Promise<ChatClient | undefined> {
    while (!this.#stopping) {
      try {
        return await openChat(this.wsUrl, { name: this.name });
      } catch {
        await delay(SENDER_RETRY_MS);
      }
    }
    return undefined;
  }
}

export type IngestBatch = { values: number[]; seq: number };
export type FailedBatch = { values: number[]; why: string };

/**
 * Posts batches of INGEST_BATCH_SAMPLES samples to series `series`, one request at a time;
 * sample values are unique across senders (`base + 10 * request + k`). A failed request is not
 * retried (ingest has no idempotency key): its values are recorded as unacknowledged.
 */
export class IngestSender {
  readonly acked: IngestBatch[] = [];
  readonly failed: FailedBatch[] = [];
  #stopping = false;
  readonly done: Promise<void>;

  constructor(
    readonly url: string,
    readonly series: string,
    readonly base: number,
  ) {
    this.done = this.#run();
  }

  stop(): Promise<void> {
    this.#stopping = true;
    return this.done;
  }

  async #run(): Promise<void> {
    for (let i = 0; !this.#stopping; i++) {
      const values = Array.from({ length: INGEST_BATCH_SAMPLES }, (_, k) => this.base + 10 * i + k);
      const body = JSON.stringify({
        samples: values.map((value) => ({ series: this.series, value })),
      });
      try {
        const response = await postMetrics(this.url, body);
        if (response.status === 200) {
          this.acked.push({ values, seq: (response.body as { seq: number }).seq });
          continue;
        }
        this.failed.push({
          values,
          why: `HTTP ${response.status} ${JSON.stringify(response.body)}`,
        });
      } catch (error) {
        this.failed.push({ values, why: String((error as Error).cause ?? error) });
      }
      await delay(SENDER_RETRY_MS);
    }
  }
}
