import { createHash } from 'node:crypto';
import { AppError } from '@/lib/errors';
import { errorFields, log } from '@/lib/logger';
import { type ClusterStore, SINGLE_PROCESS_CLUSTER } from '@/lib/store/cluster-store';
import { STORE_UNWRITABLE_RETRY_AFTER_S } from '@/lib/store/store-errors';
import type { ChatSender } from './chat-sender';

/**
 * Default of CHAT_NAME_HOLD_MS: how long a name stays held for its identity key after the last
 * connection with that key closed, in milliseconds. Long enough for a reload or a reconnect after
 * a network blip; short enough that a name left behind frees up within a minute.
 */
export const CHAT_NAME_HOLD_MS_DEFAULT = 60_000;

type Hold = {
  sender: ChatSender;
  live: number;
  timer: NodeJS.Timeout | undefined;
  /** The cluster's answer for this run of open connections (asked when the first one opened). */
  claim: Promise<boolean> | undefined;
};

/**
 * Which identity holds each chat name (access control off). A name taken with an identity key
 * (`key:` sender) is held while a connection with that key is open and for `holdMs` after the
 * last one closed; any other identity is refused meanwhile. Connections without a key (`name:`
 * sender) share a name among themselves as before, hold it only while open, and never take a
 * name a key holds. Names are compared case-folded (NFKC, lower case), so `Carol` cannot pass
 * for `carol`. On a cluster (PostgreSQL) a hold is also claimed in the database (a digest of
 * the identity, never the key), so a name held on one instance is refused on every other; a
 * gone instance's holds end with it (CLUSTER_INSTANCE_TIMEOUT_MS).
 */
export class NameHolds {
  readonly #holdMs: number;
  readonly #cluster: ClusterStore;
  readonly #holds = new Map<string, Hold>();

  /** `holdMs`: the hold after the last connection closed, in milliseconds (0: none). */
  constructor(holdMs: number = CHAT_NAME_HOLD_MS_DEFAULT, cluster = SINGLE_PROCESS_CLUSTER) {
    if (!Number.isInteger(holdMs) || holdMs < 0) {
      throw new TypeError('holdMs must be a non-negative whole number of milliseconds');
    }
    this.#holdMs = holdMs;
    this.#cluster = cluster;
  }

  /** Names held now on this instance (live or within their hold window). */
  get size(): number {
    return this.#holds.size;
  }

  /**
   * Takes `name` for one connection of `sender`: the function to call when that connection
   * closes, or undefined when another identity holds the name (here or on another instance).
   * Throws `store_unavailable` (503) when the cluster cannot be asked.
   */
  async take(name: string, sender: ChatSender): Promise<(() => void) | undefined> {
    const folded = foldName(name);
    let hold = this.#holds.get(folded);
    if (hold && hold.sender !== sender) return undefined;
    if (!hold) {
      hold = { sender, live: 0, timer: undefined, claim: undefined };
      this.#holds.set(folded, hold);
    }
    clearTimeout(hold.timer);
    hold.timer = undefined;
    hold.live++;
    const taken = hold;
    taken.claim ??= this.#cluster.claimName(folded, senderDigest(sender));
    let claimed: boolean;
    try {
      claimed = await taken.claim;
    } catch (error) {
      this.#undo(folded, taken);
      throw new AppError(
        'store_unavailable',
        'the chat cannot check who holds this name: the database is away; retry shortly',
        { cause: error, retryAfterS: STORE_UNWRITABLE_RETRY_AFTER_S },
      );
    }
    if (!claimed) {
      this.#undo(folded, taken);
      return undefined;
    }
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

  /** A take the cluster refused or could not answer: as if it had not been made. */
  #undo(folded: string, hold: Hold): void {
    hold.live--;
    if (hold.live > 0) return;
    hold.claim = undefined;
    if (this.#holds.get(folded) === hold) this.#holds.delete(folded);
  }

  /** Tells the cluster the name stays held `holdMs` more (0: freed), logging a failure. */
  #releaseInCluster(folded: string, hold: Hold, holdMs: number): void {
    this.#cluster
      .releaseName(folded, senderDigest(hold.sender), holdMs)
      .catch((error: unknown) => log.warn('chat name release failed', errorFields(error)));
  }

  #release(folded: string, hold: Hold): void {
    hold.live--;
    if (hold.live > 0) return;
    hold.claim = undefined;
    const keyed = hold.sender.startsWith('key:') && this.#holdMs > 0;
    this.#releaseInCluster(folded, hold, keyed ? this.#holdMs : 0);
    if (!keyed) {
      this.#holds.delete(folded);
      return;
    }
    hold.timer = setTimeout(() => {
      if (this.#holds.get(folded) !== hold || hold.live > 0) return;
      this.#holds.delete(folded);
      // The cluster's row goes too: rows never outlive the holds (many names, one instance).
      this.#releaseInCluster(folded, hold, 0);
    }, this.#holdMs);
    // A hold never keeps the process alive (shutdown does not wait for it).
    hold.timer.unref();
  }
}

/** What the cluster stores of an identity: a digest, so no key leaves the process. */
function senderDigest(sender: ChatSender): string {
  return createHash('sha256').update(sender).digest('base64url');
}

/** The form names are compared in: NFKC, lower case. */
export function foldName(name: string): string {
  return name.normalize('NFKC').toLowerCase();
}
