import type { ChatSender } from './chat-sender';

/**
 * Default of CHAT_NAME_HOLD_MS: how long a name stays held for its identity key after the last
 * connection with that key closed, in milliseconds. Long enough for a reload or a reconnect after
 * a network blip; short enough that a name left behind frees up within a minute.
 */
export const CHAT_NAME_HOLD_MS_DEFAULT = 60_000;

type Hold = { sender: ChatSender; live: number; timer: NodeJS.Timeout | undefined };

/**
 * Which identity holds each chat name on this instance (access control off). A name taken with
 * an identity key (`key:` sender) is held while a connection with that key is open and for
 * `holdMs` after the last one closed; any other identity is refused meanwhile. Connections
 * without a key (`name:` sender) share a name among themselves as before, hold it only while
 * open, and never take a name a key holds. Names are compared case-folded (NFKC, lower case), so
 * `Carol` cannot pass for `carol`.
 */
export class NameHolds {
  readonly #holdMs: number;
  readonly #holds = new Map<string, Hold>();

  /** `holdMs`: the hold after the last connection closed, in milliseconds (0: none). */
  constructor(holdMs: number = CHAT_NAME_HOLD_MS_DEFAULT) {
    if (!Number.isInteger(holdMs) || holdMs < 0) {
      throw new TypeError('holdMs must be a non-negative whole number of milliseconds');
    }
    this.#holdMs = holdMs;
  }

  /** Names held now (live or within their hold window). */
  get size(): number {
    return this.#holds.size;
  }

  /**
   * Takes `name` for one connection of `sender`: the function to call when that connection
   * closes, or undefined when another identity holds the name.
   */
  take(name: string, sender: ChatSender): (() => void) | undefined {
    const folded = foldName(name);
    let hold = this.#holds.get(folded);
    if (hold && hold.sender !== sender) return undefined;
    if (!hold) {
      hold = { sender, live: 0, timer: undefined };
      this.#holds.set(folded, hold);
    }
    clearTimeout(hold.timer);
    hold.timer = undefined;
    hold.live++;
    const taken = hold;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#release(folded, taken);
    };
  }

  /** Drops every hold and its timer (shutdown). */
  clear(): void {
    for (const hold of this.#holds.values()) clearTimeout(hold.timer);
    this.#holds.clear();
  }

  #release(folded: string, hold: Hold): void {
    hold.live--;
    if (hold.live > 0) return;
    if (!hold.sender.startsWith('key:') || this.#holdMs === 0) {
      this.#holds.delete(folded);
      return;
    }
    hold.timer = setTimeout(() => {
      if (this.#holds.get(folded) === hold && hold.live === 0) this.#holds.delete(folded);
    }, this.#holdMs);
    // A hold never keeps the process alive (shutdown does not wait for it).
    hold.timer.unref();
  }
}

/** The form names are compared in: NFKC, lower case. */
export function foldName(name: string): string {
  return name.normalize('NFKC').toLowerCase();
}
