/** The BroadcastChannel every tab of the origin talks on. */
export const TAB_CHANNEL_NAME = 'pulseboard';
/** The Web Lock held by the tab that owns the metric stream. */
export const STREAM_LEADER_LOCK = 'pulseboard-leader';
/** The Web Lock held by the tab that owns the chat socket (only tabs with a chat name ask). */
export const CHAT_LEADER_LOCK = 'pulseboard-chat-leader';
/** Page query flag that turns tab sharing off for that tab (`?shared=0`): it connects by itself. */
export const SHARED_QUERY_FLAG = 'shared';

/** What a tab posts on the channel: the sender's id plus a message of one relay. */
export type TabEnvelope<M> = { from: string; topic: string; message: M };

/** The small parts of BroadcastChannel and LockManager the relays use (fakes in tests). */
export type ChannelLike = {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
};
export type LocksLike = {
  request(
    name: string,
    options: { signal?: AbortSignal },
    callback: () => Promise<void>,
  ): Promise<unknown>;
};
export type TabPlatform = { channel: () => ChannelLike; locks: LocksLike; tabId: string };

/**
 * The platform for sharing, or undefined when this tab keeps its own connections: no Web Locks,
 * no BroadcastChannel, or `?shared=0` in the page URL.
 */
export function browserTabPlatform(): TabPlatform | undefined {
  if (typeof window === 'undefined') return undefined;
  const locks = (navigator as { locks?: LocksLike }).locks;
  if (!locks || typeof BroadcastChannel === 'undefined') return undefined;
  if (new URLSearchParams(window.location.search).get(SHARED_QUERY_FLAG) === '0') return undefined;
  return {
    channel: () => new BroadcastChannel(TAB_CHANNEL_NAME) as unknown as ChannelLike,
    locks,
    tabId: newTabId(),
  };
}

function newTabId(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * One topic on the tab channel: posts carry this tab's id and the topic, and a tab never
 * handles its own posts (two channel objects in one tab do see each other's posts).
 */
export class TabBus<M> {
  readonly #channel: ChannelLike;
  readonly #tabId: string;
  readonly #topic: string;
  #closed = false;

  constructor(platform: TabPlatform, topic: string, onMessage: (message: M, from: string) => void) {
    this.#channel = platform.channel();
    this.#tabId = platform.tabId;
    this.#topic = topic;
    this.#channel.addEventListener('message', (event) => {
      const envelope = event.data as TabEnvelope<M> | null;
      if (this.#closed || !envelope || envelope.topic !== topic) return;
      if (envelope.from === this.#tabId) return;
      onMessage(envelope.message, envelope.from);
    });
  }

  get tabId(): string {
    return this.#tabId;
  }

  post(message: M): void {
    if (this.#closed) return;
    const envelope: TabEnvelope<M> = { from: this.#tabId, topic: this.#topic, message };
    this.#channel.postMessage(envelope);
  }

  close(): void {
    this.#closed = true;
    this.#channel.close();
  }
}

/**
 * Asks for a Web Lock and holds it until release(): `onLead` runs once the lock is granted
 * (at once for the first tab; when the holder closes or crashes, for the next one in line).
 */
export class TabLeadership {
  readonly #locks: LocksLike;
  readonly #name: string;
  readonly #onLead: () => void;
  #abort: AbortController | undefined;
  #release: (() => void) | undefined;
  #leading = false;

  constructor(locks: LocksLike, name: string, onLead: () => void) {
    this.#locks = locks;
    this.#name = name;
    this.#onLead = onLead;
  }

  get leading(): boolean {
    return this.#leading;
  }

  /** Joins the queue for the lock (no-op when already queued or leading). */
  request(): void {
    if (this.#abort) return;
    const abort = new AbortController();
    this.#abort = abort;
    this.#locks
      .request(this.#name, { signal: abort.signal }, () => {
        if (abort.signal.aborted) return Promise.resolve();
        this.#leading = true;
        this.#onLead();
        return new Promise<void>((resolve) => {
          this.#release = resolve;
        });
      })
      .catch(() => {
        // Aborted while waiting: nothing held.
      });
  }

  /** Leaves the queue, or gives the lock to the next tab when holding it. */
  release(): void {
    this.#abort?.abort();
    this.#abort = undefined;
    this.#leading = false;
    this.#release?.();
    this.#release = undefined;
  }
}
