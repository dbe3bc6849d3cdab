import { CHAT_ONLINE_LIST_MAX_NAMES } from '@/lib/protocol';

/** Shortest time between two presence frames, in milliseconds. */
export const PRESENCE_MIN_INTERVAL_MS = 1000;

/** One name's final state in a window, and the epoch of its last change. */
export type NameChange = { name: string; online: boolean; epoch: number };

export type PresenceChange = {
  /** Every name that changed in the window, ordered by the epoch of its last change. */
  changes: NameChange[];
  onlineCount: number;
  /** Connections welcomed at or after this epoch already know every change. */
  epoch: number;
};

/**
 * The `joined` and `left` lists for a client whose view is current up to `seenEpoch`: only
 * the names that changed after it, each list capped at CHAT_ONLINE_LIST_MAX_NAMES.
 */
export function changesAfter(
  changes: readonly NameChange[],
  seenEpoch: number,
): { joined: string[]; left: string[] } {
  const joined: string[] = [];
  const left: string[] = [];
  for (let i = firstAfter(changes, seenEpoch); i < changes.length; i++) {
    const change = changes[i] as NameChange;
    const list = change.online ? joined : left;
    if (list.length < CHAT_ONLINE_LIST_MAX_NAMES) list.push(change.name);
  }
  return { joined, left };
}

/** Index of the first change with an epoch greater than `epoch` (binary search). */
export function firstAfter(changes: readonly NameChange[], epoch: number): number {
  let lo = 0;
  let hi = changes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((changes[mid] as NameChange).epoch > epoch) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Who is online, by name (a name is online while any connection uses it). Changes are
 * coalesced: at most one `presence` frame per PRESENCE_MIN_INTERVAL_MS, whatever the churn.
 */
export class Presence {
  readonly #counts = new Map<string, number>();
  /** Names changed in the window → epoch of their last change, in epoch order. */
  readonly #touched = new Map<string, number>();
  readonly #onFlush: (change: PresenceChange) => void;
  #epoch = 0;
  #lastFlushAt = Number.NEGATIVE_INFINITY;
  #timer: NodeJS.Timeout | undefined;
  /** The last list() and the epoch it is true at. */
  #listed: { epoch: number; names: string[] } | undefined;

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

  /**
   * Up to CHAT_ONLINE_LIST_MAX_NAMES online names. The same frozen array until the epoch moves:
   * every welcome carries it, and sockets opening together are welcomed at the same epoch.
   */
  list(): string[] {
    if (this.#listed?.epoch === this.#epoch) return this.#listed.names;
    const names = new Array<string>(Math.min(this.#counts.size, CHAT_ONLINE_LIST_MAX_NAMES));
    let i = 0;
    for (const name of this.#counts.keys()) {
      if (i === names.length) break;
      names[i++] = name;
    }
    Object.freeze(names);
    this.#listed = { epoch: this.#epoch, names };
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

  /** Whether nothing is left to do: nobody online (a room's presence may then be dropped). */
  get idle(): boolean {
    return this.#counts.size === 0;
  }

  /** Resolves once the other instances' names are read anew (none, here: one instance). */
  refresh(): Promise<void> {
    return Promise.resolve();
  }

  /** Resolves when the changes made so far are written (nothing to write, here). */
  written(): Promise<void> {
    return Promise.resolve();
  }

  /** Resolves when what this presence is writing is written (nothing, here). */
  settled(): Promise<void> {
    return Promise.resolve();
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
    this.#epoch++;
    this.#touched.delete(name);
    this.#touched.set(name, this.#epoch);
    if (this.#timer) return;
    const delay = Math.max(0, this.#lastFlushAt + PRESENCE_MIN_INTERVAL_MS - performance.now());
    this.#timer = setTimeout(() => this.#flush(), delay);
  }

  #flush(): void {
    this.#timer = undefined;
    this.#lastFlushAt = performance.now();
    // A name that flapped within the window is reported by its final state, so every
    // client converges whatever it saw in between.
    const changes: NameChange[] = [];
    for (const [name, epoch] of this.#touched) {
      changes.push({ name, online: this.#counts.has(name), epoch });
    }
    this.#touched.clear();
    this.#onFlush({ changes, onlineCount: this.#counts.size, epoch: this.#epoch });
  }
}
