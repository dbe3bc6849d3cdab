import { CHAT_ONLINE_LIST_MAX_NAMES } from '@/lib/protocol';

/** Shortest time between two presence frames, in milliseconds. */
export const PRESENCE_MIN_INTERVAL_MS = 1000;

export type PresenceChange = {
  joined: string[];
  left: string[];
  onlineCount: number;
  /** Connections welcomed at or after this epoch already know the change. */
  epoch: number;
};

/**
 * Who is online, by name (a name is online while any connection uses it). Changes are
 * coalesced: at most one `presence` frame per PRESENCE_MIN_INTERVAL_MS, whatever the churn.
 */
export class Presence {
  readonly #counts = new Map<string, number>();
  readonly #touched = new Set<string>();
  readonly #onFlush: (change: PresenceChange) => void;
  #epoch = 0;
  #lastFlushAt = Number.NEGATIVE_INFINITY;
  #timer: NodeJS.Timeout | undefined;

  constructor(onFlush: (change: PresenceChange) => void) {
    this.#onFlush = onFlush;
  }

  /** Increases with every name that comes online or goes offline. */
  get epoch(): number {
    return this.#epoch;
  }

  get onlineCount(): number {
    return this.#counts.size;
  }

  /** Up to CHAT_ONLINE_LIST_MAX_NAMES online names. */
  list(): string[] {
    const names: string[] = [];
    for (const name of this.#counts.keys()) {
      if (names.length >= CHAT_ONLINE_LIST_MAX_NAMES) break;
      names.push(name);
    }
    return names;
  }

  join(name: string): void {
    const count = this.#counts.get(name) ?? 0;
    this.#counts.set(name, count + 1);
    if (count === 0) this.#touch(name);
  }

  leave(name: string): void {
    const count = this.#counts.get(name) ?? 0;
    if (count <= 1) {
      if (this.#counts.delete(name)) this.#touch(name);
    } else {
      this.#counts.set(name, count - 1);
    }
  }

  /** Cancels a pending frame (shutdown). */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  get pending(): boolean {
    return this.#timer !== undefined;
  }

  #touch(name: string): void {
    this.#touched.add(name);
    this.#epoch++;
    if (this.#timer) return;
    const delay = Math.max(0, this.#lastFlushAt + PRESENCE_MIN_INTERVAL_MS - performance.now());
    this.#timer = setTimeout(() => this.#flush(), delay);
  }

  #flush(): void {
    this.#timer = undefined;
    this.#lastFlushAt = performance.now();
    const joined: string[] = [];
    const left: string[] = [];
    // A name that flapped within the window is reported by its final state, so every
    // client converges whatever it saw in between.
    for (const name of this.#touched) {
      const list = this.#counts.has(name) ? joined : left;
      if (list.length < CHAT_ONLINE_LIST_MAX_NAMES) list.push(name);
    }
    this.#touched.clear();
    this.#onFlush({ joined, left, onlineCount: this.#counts.size, epoch: this.#epoch });
  }
}
