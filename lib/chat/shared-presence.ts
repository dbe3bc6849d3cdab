import { errorFields, log } from '@/lib/logger';
import type { ClusterStore, PresenceUpdate } from '@/lib/store/cluster-store';
import { Presence, type PresenceChange } from './presence';

/**
 * The {@link Presence} of chat room `room` for `cluster`: cluster-wide when the database is
 * shared, else local.
 */
export function presenceOf(
  cluster: ClusterStore | undefined,
  room: string,
  onFlush: (change: PresenceChange) => void,
): Presence {
  return cluster?.shared ? new SharedPresence(cluster, room, onFlush) : new Presence(onFlush);
}

/**
 * Presence in one chat room across the instances sharing one database: a name is online there
 * while a connection of any live instance uses it in that room. This instance's names that come online or go offline are
 * published to the cluster store (in order, one write at a time); on every `presence` hint
 * (another instance's change, an instance that came or timed out) the other instances' names
 * are read and merged, each counting as one more connection of its name. The frames and the
 * welcome's list are Presence's own, unchanged. A publish that fails is retried at the next
 * change or hint.
 */
export class SharedPresence extends Presence {
  readonly #cluster: ClusterStore;
  readonly #room: string;
  /** This instance's connections per name. */
  readonly #local = new Map<string, number>();
  /** Names online on other instances, as last read. */
  #remote = new Set<string>();
  /** Changes of this instance's names not yet published (name → online). */
  readonly #unpublished = new Map<string, boolean>();
  #publishing: Promise<void> | undefined;
  #reading: Promise<void> | undefined;
  /** The read queued behind `#reading`, shared by every refresh made meanwhile. */
  #nextRead: Promise<void> | undefined;
  readonly #unsubscribe: () => void;

  constructor(cluster: ClusterStore, room: string, onFlush: (change: PresenceChange) => void) {
    super(onFlush);
    this.#cluster = cluster;
    this.#room = room;
    this.#unsubscribe = cluster.subscribe((hint) => {
      if (hint.kind === 'presence' || hint.kind === 'resync') this.refresh();
    });
    this.refresh();
  }

  override join(name: string): void {
    const count = this.#local.get(name) ?? 0;
    this.#local.set(name, count + 1);
    if (count === 0) this.#publish(name, true);
    super.join(name);
  }

  override leave(name: string): void {
    const count = this.#local.get(name) ?? 0;
    if (count === 0) return;
    if (count === 1) {
      this.#local.delete(name);
      this.#publish(name, false);
    } else {
      this.#local.set(name, count - 1);
    }
    super.leave(name);
  }

  /** No local name and nothing to publish: the other instances' names are read again anew. */
  override get idle(): boolean {
    return this.#local.size === 0 && this.#unpublished.size === 0 && !this.#publishing;
  }

  override async settled(): Promise<void> {
    while (this.#publishing) await this.#publishing;
  }

  /**
   * Resolves once the changes made so far are written (or their write failed), not waiting for
   * those made later (a welcome in a storm of joins waits for its own batch only).
   */
  override async written(): Promise<void> {
    const pending = this.#unpublished.size > 0;
    await this.#publishing;
    // The write that ended started the next one, which carries what was waiting.
    if (pending) await this.#publishing;
  }

  override stop(): void {
    this.#unsubscribe();
    super.stop();
  }

  /**
   * Reads the other instances' names and merges them: resolves once a read that started after
   * this call is merged (one read at a time; calls made during a read share the one after it).
   */
  override refresh(): Promise<void> {
    if (this.#unpublished.size > 0) this.#flushUpdates();
    if (!this.#reading) {
      this.#reading = this.#read().finally(() => {
        this.#reading = undefined;
      });
      return this.#reading;
    }
    this.#nextRead ??= this.#reading.then(() => {
      this.#nextRead = undefined;
      return this.refresh();
    });
    return this.#nextRead;
  }

  async #read(): Promise<void> {
    let names: string[];
    try {
      names = await this.#cluster.readPresence(this.#room);
    } catch (error) {
      log.warn('cluster presence read failed', errorFields(error));
      return;
    }
    const now = new Set(names);
    for (const name of now) if (!this.#remote.has(name)) super.join(name);
    for (const name of this.#remote) if (!now.has(name)) super.leave(name);
    this.#remote = now;
  }

  #publish(name: string, online: boolean): void {
    this.#unpublished.set(name, online);
    this.#flushUpdates();
  }

  #flushUpdates(): void {
    if (this.#publishing) return;
    const updates: PresenceUpdate[] = [];
    for (const [name, online] of this.#unpublished) {
      updates.push({ room: this.#room, name, online });
    }
    this.#unpublished.clear();
    this.#publishing = this.#cluster.publishPresence(updates).then(
      () => {
        this.#publishing = undefined;
        if (this.#unpublished.size > 0) this.#flushUpdates();
      },
      (error: unknown) => {
        this.#publishing = undefined;
        log.warn('cluster presence publish failed', errorFields(error));
        // Put back what no newer change replaced: published at the next change or hint.
        for (const { name, online } of updates) {
          if (!this.#unpublished.has(name)) this.#unpublished.set(name, online);
        }
      },
    );
  }
}
