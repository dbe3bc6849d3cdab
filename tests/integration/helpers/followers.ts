import { setTimeout as delay } from 'node:timers/promises';
import type { Sample, ShutdownPayload } from '@/lib/protocol';
import { shutdownRetryMs } from '@/lib/protocol';
import { openChat } from './chat-client';
import { openSse, type SseStream } from './sse-client';

/**
 * Clients that reconnect by themselves, as the browser does: an SSE follower that obeys the
 * server's `retry:` (and `event: shutdown`) and resumes with `Last-Event-ID`, and a chat reader
 * that comes back after a jittered delay with `since=<last id>`.
 */

/** Reconnect delay of an SSE follower before the server sent any `retry:`, in milliseconds. */
const DEFAULT_RETRY_MS = 1000;

export type FollowedSample = Sample & { eventSeq: number };

/** One `GET /api/stream` that, like EventSource, comes back after `retry` ms with its cursor. */
export class SseFollower {
  readonly samples: FollowedSample[] = [];
  /** Snapshots received after the first connection: a resume that did not replay (a gap). */
  readonly resyncs: number[] = [];
  /** Every `retry:` value received, in order. */
  readonly retries: number[] = [];
  /** `event: shutdown` payloads received. */
  readonly shutdowns: ShutdownPayload[] = [];
  /** The `retry:` in force when each `event: shutdown` arrived (the field sent just before it). */
  readonly retryAtShutdown: number[] = [];
  /** `Date.now()` of each successful (re)connection after the first. */
  readonly reconnectedAt: number[] = [];
  /** `Date.now()` when each connection ended. */
  readonly endedAt: number[] = [];
  /** Failed connection attempts (server down). */
  refused = 0;
  lastEventId: string | undefined;
  #retryMs = DEFAULT_RETRY_MS;
  #stream: SseStream | undefined;
  #stopping = false;
  readonly #opened: Promise<void>;
  readonly done: Promise<void>;

  constructor(readonly streamUrl: () => string) {
    let opened = () => {};
    this.#opened = new Promise((resolve) => {
      opened = resolve;
    });
    this.done = this.#run(opened);
  }

  /** Resolves once the first connection got its snapshot. */
  ready(): Promise<void> {
    return this.#opened;
  }

  /** The cursor of the last event received, as a number (0 before any). */
  get cursor(): number {
    return Number(this.lastEventId ?? 0);
  }

  stop(): Promise<void> {
    this.#stopping = true;
    this.#stream?.close();
    return this.done;
  }

  async #run(opened: () => void): Promise<void> {
    let first = true;
    while (!this.#stopping) {
      const headers: Record<string, string> = this.lastEventId
        ? { 'Last-Event-ID': this.lastEventId }
        : {};
      try {
        this.#stream = await openSse(this.streamUrl(), { headers });
      } catch {
        this.refused++;
        await delay(this.#retryMs);
        continue;
      }
      if (!first) this.reconnectedAt.push(Date.now());
      await this.#read(this.#stream, first, opened);
      this.endedAt.push(Date.now());
      first = false;
      if (!this.#stopping) await delay(this.#retryMs);
    }
  }

  async #read(stream: SseStream, first: boolean, opened: () => void): Promise<void> {
    for (;;) {
      const item = await stream.next(undefined, 60_000).catch(() => undefined);
      if (!item) return;
      if (item.retry !== undefined) {
        this.#retryMs = item.retry;
        this.retries.push(item.retry);
      }
      if (item.id !== undefined) this.lastEventId = item.id;
      if (item.event === 'shutdown') {
        this.shutdowns.push(JSON.parse(item.data ?? '{}'));
        this.retryAtShutdown.push(this.#retryMs);
      }
      if (item.event === 'snapshot') {
        if (first) opened();
        else this.resyncs.push(Number(item.id));
      }
      if (item.event === 'samples') {
        const payload = JSON.parse(item.data ?? '{}') as { seq: number; samples: Sample[] };
        for (const s of payload.samples) this.samples.push({ ...s, eventSeq: payload.seq });
      }
    }
  }
}

/** A chat reader that records every message id it sees, across reconnects. */
export class ChatFollower {
  readonly ids: number[] = [];
  readonly closeCodes: number[] = [];
  /** `Date.now()` of each close, and of each successful reconnection after it. */
  readonly closedAt: number[] = [];
  readonly reconnectedAt: number[] = [];
  /** Welcomes after the first that said the catch-up was cut short. */
  truncated = 0;
  #stopping = false;
  #closeCurrent: (() => void) | undefined;
  readonly done: Promise<void>;
  readonly #opened: Promise<void>;

  constructor(
    readonly wsUrl: string,
    readonly name: string,
  ) {
    let opened = () => {};
    this.#opened = new Promise((resolve) => {
      opened = resolve;
    });
    this.done = this.#run(opened);
  }

  ready(): Promise<void> {
    return this.#opened;
  }

  get lastId(): number {
    return this.ids.at(-1) ?? 0;
  }

  stop(): Promise<void> {
    this.#stopping = true;
    this.#closeCurrent?.();
    return this.done;
  }

  async #run(opened: () => void): Promise<void> {
    let first = true;
    while (!this.#stopping) {
      const query: Record<string, string> = { name: this.name };
      if (!first) query.since = String(this.lastId);
      let chat: Awaited<ReturnType<typeof openChat>>;
      try {
        chat = await openChat(this.wsUrl, query);
      } catch {
        await delay(shutdownRetryMs());
        continue;
      }
      this.#closeCurrent = () => chat.ws.terminate();
      if (!first) this.reconnectedAt.push(Date.now());
      if (!first && chat.welcome.historyTruncated) this.truncated++;
      if (!first) for (const m of chat.welcome.history) this.ids.push(m.id);
      first = false;
      opened();
      for (;;) {
        const frame = await chat.log.next(undefined, 60_000).catch(() => undefined);
        if (!frame) break;
        if (frame.type === 'message') this.ids.push(frame.id);
      }
      this.closeCodes.push((await chat.closed).code);
      this.closedAt.push(Date.now());
      // After a close, wait a jittered delay, as the browser client does.
      if (!this.#stopping) await delay(shutdownRetryMs());
    }
  }
}
