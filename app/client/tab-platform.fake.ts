import type { ChannelLike, LocksLike, TabPlatform } from './tab-leadership';

/**
 * An in-memory BroadcastChannel and Web Locks for unit tests: posts reach every other channel
 * object on a later microtask, in order; a lock goes to the next waiter when its holder's
 * callback promise settles.
 */
export class FakeTabWorld {
  readonly #channels = new Set<FakeChannel>();
  readonly #holders = new Map<string, boolean>();
  readonly #queues = new Map<string, (() => void)[]>();

  platform(tabId: string): TabPlatform {
    return { tabId, channel: () => this.#open(), locks: this.#locks() };
  }

  #open(): ChannelLike {
    const channel = new FakeChannel((from, data) => {
      for (const other of this.#channels) {
        if (other !== from) queueMicrotask(() => other.deliver(data));
      }
    });
    this.#channels.add(channel);
    channel.onClose = () => this.#channels.delete(channel);
    return channel;
  }

  #locks(): LocksLike {
    return {
      request: (name, options, callback) =>
        new Promise((resolve, reject) => {
          const run = () => {
            this.#holders.set(name, true);
            void callback().finally(() => {
              this.#holders.set(name, false);
              resolve(undefined);
              this.#queues.get(name)?.shift()?.();
            });
          };
          if (!this.#holders.get(name)) return run();
          const queue = this.#queues.get(name) ?? [];
          this.#queues.set(name, queue);
          queue.push(run);
          options.signal?.addEventListener('abort', () => {
            const i = queue.indexOf(run);
            if (i >= 0) queue.splice(i, 1);
            reject(new Error('aborted'));
          });
        }),
    };
  }
}

class FakeChannel implements ChannelLike {
  readonly #listeners: ((event: { data: unknown }) => void)[] = [];
  readonly #post: (from: FakeChannel, data: unknown) => void;
  onClose: () => void = () => {};
  #closed = false;

  constructor(post: (from: FakeChannel, data: unknown) => void) {
    this.#post = post;
  }
  postMessage(message: unknown): void {
    if (!this.#closed) this.#post(this, structuredClone(message));
  }
  addEventListener(_type: 'message', listener: (event: { data: unknown }) => void): void {
    this.#listeners.push(listener);
  }
  close(): void {
    this.#closed = true;
    this.onClose();
  }
  deliver(data: unknown): void {
    if (this.#closed) return;
    for (const listener of this.#listeners) listener({ data });
  }
}
