/**
 * How the instances sharing one database (PostgreSQL, DATABASE_URL) tell each other what
 * changed: chat messages, presence, typing and the layout. A hint names what changed by id or
 * version only, never its content: a reader fetches the content from the database.
 */

/** How often an instance refreshes its heartbeat and checks the others, in milliseconds. */
export const CLUSTER_HEARTBEAT_INTERVAL_MS = 1_000;
/**
 * An instance whose heartbeat is older than this, in milliseconds, counts as gone: its chat
 * names leave every other instance's presence (within this plus CLUSTER_HEARTBEAT_INTERVAL_MS
 * and one presence frame, PRESENCE_MIN_INTERVAL_MS). Default 5000: five missed heartbeats.
 */
export const CLUSTER_INSTANCE_TIMEOUT_MS = 5_000;
/**
 * A gone instance's rows are deleted once its heartbeat is this old, in milliseconds (one
 * hour). Until then one that comes back (a long pause) simply counts as live again.
 */
export const CLUSTER_INSTANCE_FORGET_MS = 3_600_000;

/**
 * What changed on another instance (or on the database, noticed by the fallback check):
 * - `chat`: messages up to `id` are committed (wire hint `c:<id>`);
 * - `message-changed`: message `id` of `room` was edited or deleted on another instance
 *   (`m:<instance>:<room>:<id>`): read it again and relay the change;
 * - `presence`: the online names of some instance changed, or an instance came or went;
 * - `layout`: layout `version` was saved (`l:<version>`);
 * - `typing`: `name` is typing in `room` on another instance;
 * - `annotation`: annotation `id` was stored (`a:<id>`): read it and send it to the streams;
 * - `room-gone`: the board of chat room `room` was deleted (`g:<room>`): its sockets close;
 * - `resync`: hints may have been missed (the listener connection came back): read everything.
 */
export type ClusterHint =
  | { kind: 'chat'; id: number }
  | { kind: 'message-changed'; room: string; id: number }
  | { kind: 'presence' }
  | { kind: 'layout'; version: number }
  | { kind: 'typing'; room: string; name: string }
  | { kind: 'room-gone'; room: string }
  | { kind: 'annotation'; id: number }
  | { kind: 'resync' };

/** A name that came online (`online: true`) or went offline in `room` on this instance. */
export type PresenceUpdate = { room: string; name: string; online: boolean };

/**
 * The cluster side of an engine. `shared` is false for an engine only one process writes
 * (SQLite, the memory double by default): the hubs then keep their in-process paths, and every
 * other method is a no-op.
 */
export interface ClusterStore {
  /** Whether other instances may write the same database. */
  readonly shared: boolean;
  /** Calls `listener` with each hint (once the engine's background tasks run). */
  subscribe(listener: (hint: ClusterHint) => void): () => void;
  /** Records this instance's names that came online or went offline, then hints the others. */
  publishPresence(updates: readonly PresenceUpdate[]): Promise<void>;
  /** The distinct names online in `room` on the other live instances (not this one). */
  readPresence(room: string): Promise<string[]>;
  /** Tells the other instances that `name` is typing in `room` (lost when it cannot be sent). */
  announceTyping(room: string, name: string): Promise<void>;
  /** Tells the other instances that chat room `room` is gone (its board was deleted). */
  announceRoomGone(room: string): Promise<void>;
  /**
   * Tells the other instances that message `id` of `room` was edited or deleted here (after
   * the commit; lost when it cannot be sent: the change shows on their next read).
   */
  announceMessageChanged(room: string, id: number): Promise<void>;
  /**
   * Takes chat name `name` (folded, ../chat/name-holds.ts) for identity `sender` (a digest,
   * never a key itself) on this instance: false when a live instance holds it for another
   * identity (a connection open there, or within its hold after the last one closed).
   */
  claimName(name: string, sender: string): Promise<boolean>;
  /**
   * The last connection of `sender` with chat name `name` closed here: the name stays held for
   * `holdMs` more milliseconds (0: freed at once).
   */
  releaseName(name: string, sender: string, holdMs: number): Promise<void>;
}

/** The cluster store of an engine only one process writes: nothing to tell anyone. */
export const SINGLE_PROCESS_CLUSTER: ClusterStore = {
  shared: false,
  subscribe: () => () => {},
  publishPresence: async () => {},
  readPresence: async () => [],
  announceTyping: async () => {},
  announceRoomGone: async () => {},
  announceMessageChanged: async () => {},
  claimName: async () => true,
  releaseName: async () => {},
};
