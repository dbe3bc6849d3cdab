import type { ClusterHint, ClusterStore, PresenceUpdate } from '@/lib/store/cluster-store';
import type { MemoryDatabase } from './memory-database';

/** A chat name held on one instance: by `sender`, open (`heldUntil` undefined) or until then. */
type NameHold = { sender: string; heldUntil: number | undefined };

type Member = {
  names: Set<string>;
  holds: Map<string, NameHold>;
  live: boolean;
  listeners: Set<(hint: ClusterHint) => void>;
};

/** The instances of one MemoryDatabase, as PostgreSQL's cluster tables and NOTIFY are. */
class MemoryBus {
  readonly members = new Map<number, Member>();
  nextId = 1;

  /** Delivers `hint` to every live member but `except`, after the current task (as NOTIFY). */
  send(hint: ClusterHint, except?: number): void {
    for (const [id, member] of this.members) {
      if (id === except || !member.live) continue;
      queueMicrotask(() => {
        for (const listener of member.listeners) listener(hint);
      });
    }
  }
}

const buses = new WeakMap<MemoryDatabase, MemoryBus>();

/** The bus of `db` (made on first use). */
export function memoryBusOf(db: MemoryDatabase): MemoryBus {
  let bus = buses.get(db);
  if (!bus) {
    bus = new MemoryBus();
    buses.set(db, bus);
  }
  return bus;
}

/**
 * {@link ClusterStore} in memory: each one opened on a MemoryDatabase is an instance sharing
 * it. `kill()` makes it a dead instance: its names leave the others' reads, as a heartbeat past
 * CLUSTER_INSTANCE_TIMEOUT_MS does on PostgreSQL.
 */
export class MemoryClusterStore implements ClusterStore {
  readonly shared = true;
  readonly #bus: MemoryBus;
  readonly #id: number;
  readonly #me: Member;

  constructor(db: MemoryDatabase) {
    this.#bus = memoryBusOf(db);
    this.#id = this.#bus.nextId++;
    this.#me = { names: new Set(), holds: new Map(), live: true, listeners: new Set() };
    this.#bus.members.set(this.#id, this.#me);
  }

  subscribe(listener: (hint: ClusterHint) => void): () => void {
    this.#me.listeners.add(listener);
    return () => this.#me.listeners.delete(listener);
  }

  async publishPresence(updates: readonly PresenceUpdate[]): Promise<void> {
    for (const { room, name, online } of updates) {
      // A room has no space: one set of `<room> <name>` keys.
      if (online) this.#me.names.add(`${room} ${name}`);
      else this.#me.names.delete(`${room} ${name}`);
    }
    this.#bus.send({ kind: 'presence' }, this.#id);
  }

  async readPresence(room: string): Promise<string[]> {
    const names = new Set<string>();
    const prefix = `${room} `;
    for (const [id, member] of this.#bus.members) {
      if (id === this.#id || !member.live) continue;
      for (const key of member.names)
        if (key.startsWith(prefix)) names.add(key.slice(prefix.length));
    }
    return [...names].sort();
  }

  async announceTyping(room: string, name: string): Promise<void> {
    this.#bus.send({ kind: 'typing', room, name }, this.#id);
  }

  async announceRoomGone(room: string): Promise<void> {
    this.#bus.send({ kind: 'room-gone', room }, this.#id);
  }

  async announceMessageChanged(room: string, id: number): Promise<void> {
    this.#bus.send({ kind: 'message-changed', room, id }, this.#id);
  }

  async claimName(name: string, sender: string): Promise<boolean> {
    for (const [id, member] of this.#bus.members) {
      if (id === this.#id || !member.live) continue;
      const hold = member.holds.get(name);
      const held = hold && (hold.heldUntil === undefined || hold.heldUntil > Date.now());
      if (held && hold.sender !== sender) return false;
    }
    this.#me.holds.set(name, { sender, heldUntil: undefined });
    return true;
  }

  async releaseName(name: string, sender: string, holdMs: number): Promise<void> {
    const hold = this.#me.holds.get(name);
    if (hold?.sender !== sender) return;
    if (holdMs === 0) this.#me.holds.delete(name);
    else hold.heldUntil = Date.now() + holdMs;
  }

  /** The instance died: the others stop counting its names and are told so. */
  kill(): void {
    this.#me.live = false;
    this.#bus.send({ kind: 'presence' }, this.#id);
  }
}
