import { randomBytes } from 'node:crypto';
import { errorFields, log } from '@/lib/logger';
import {
  CLUSTER_INSTANCE_TIMEOUT_MS,
  type ClusterHint,
  type ClusterStore,
  type PresenceUpdate,
} from '@/lib/store/cluster-store';
import { CHANGES_CHANNEL } from './pg-change-listener';
import { NOW_MS, PgClusterBeat } from './pg-cluster-beat';
import { HINT_PREFIX, messageChangedHint, parseClusterHint, typingHint } from './pg-cluster-hints';
import type { PgConnection } from './pg-connection';
import { ADVISORY_LOCK_NAMES_CLASS } from './pg-locks';

/**
 * The PostgreSQL engine of {@link ClusterStore}. Hints arrive through the engine's LISTEN
 * connection (`receive`), or from the heartbeat's fallback check (./pg-cluster-beat.ts) when
 * the listener is down. Presence: one row per instance (`cluster_instances`, its heartbeat on
 * the database's clock) and one per name online there (`cluster_presence`); an instance whose
 * heartbeat is older than CLUSTER_INSTANCE_TIMEOUT_MS is left out of every read.
 */
export class PgClusterStore implements ClusterStore {
  readonly shared = true;
  /** This process in `cluster_instances`: INSTANCE_ID and a random part (two runs never clash). */
  readonly instanceId: string;
  /** Names typing hints with, so this instance skips its own. */
  readonly #token = randomBytes(6).toString('hex');
  readonly #db: PgConnection;
  readonly #listeners = new Set<(hint: ClusterHint) => void>();
  /**
   * Room and name pairs this instance has published as online (`<room> <name>`; a room has no
   * space), republished if its rows were forgotten.
   */
  readonly #online = new Map<string, PresenceUpdate>();
  #publishing: Promise<void> = Promise.resolve();
  /** The name claims and releases, one at a time in order. */
  #naming: Promise<unknown> = Promise.resolve();
  /** Whether this instance may have rows (it published, or its heartbeat ran). */
  #joined = false;
  /** The instance left (shutdown): a later write would bring its rows back, so none is made. */
  #left = false;
  /** The heartbeat and fallback check: a background task of the engine. */
  readonly beat: PgClusterBeat;

  constructor(db: PgConnection, instanceId = 'pulseboard') {
    this.#db = db;
    this.instanceId = `${instanceId}/${this.#token}`;
    this.beat = new PgClusterBeat(db, this.instanceId, {
      emit: (hint) => this.emit(hint),
      republish: () => this.#republish(),
      leave: () => this.#leave(),
      joined: () => {
        this.#joined = true;
      },
    });
  }

  subscribe(listener: (hint: ClusterHint) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A NOTIFY payload from the LISTEN connection: dispatched when it is a cluster hint. */
  receive(payload: string): void {
    const parsed = parseClusterHint(payload);
    if (!parsed || parsed.from === this.#token) return;
    this.emit(parsed.hint);
  }

  emit(hint: ClusterHint): void {
    for (const listener of this.#listeners) {
      try {
        listener(hint);
      } catch (error) {
        log.error('cluster hint listener failed', { kind: hint.kind, ...errorFields(error) });
      }
    }
  }

  publishPresence(updates: readonly PresenceUpdate[]): Promise<void> {
    for (const update of updates) {
      const key = `${update.room} ${update.name}`;
      if (update.online) this.#online.set(key, { ...update });
      else this.#online.delete(key);
    }
    // One write at a time, in order: a join then a leave of one name never land reversed.
    const run = this.#publishing.then(() => this.#write(updates));
    this.#publishing = run.catch(() => {});
    return run;
  }

  async readPresence(room: string): Promise<string[]> {
    const { rows } = await this.#db.query<{ name: string }>(
      `SELECT DISTINCT p.name FROM cluster_presence p
       JOIN cluster_instances i ON i.instance_id = p.instance_id
       WHERE i.instance_id <> $1 AND i.heartbeat_at > ${NOW_MS} - $2 AND p.room = $3
       ORDER BY p.name`,
      [this.instanceId, CLUSTER_INSTANCE_TIMEOUT_MS, room],
    );
    return rows.map((r) => r.name);
  }

  async announceTyping(room: string, name: string): Promise<void> {
    await this.#db.query('SELECT pg_notify($1, $2)', [
      CHANGES_CHANNEL,
      this.typingPayload(room, name),
    ]);
  }

  async announceRoomGone(room: string): Promise<void> {
    await this.#db.query('SELECT pg_notify($1, $2)', [
      CHANGES_CHANNEL,
      `${HINT_PREFIX.roomGone}${room}`,
    ]);
  }

  async announceMessageChanged(room: string, id: number): Promise<void> {
    await this.#db.query('SELECT pg_notify($1, $2)', [
      CHANGES_CHANNEL,
      messageChangedHint(this.#token, room, id),
    ]);
  }

  claimName(name: string, sender: string): Promise<boolean> {
    return this.#inOrder(() => this.#claim(name, sender));
  }

  releaseName(name: string, sender: string, holdMs: number): Promise<void> {
    return this.#inOrder(async () => {
      if (this.#left) return;
      await this.#db.query(
        holdMs === 0
          ? 'DELETE FROM cluster_name_holds WHERE instance_id = $1 AND name = $2 AND sender = $3'
          : `UPDATE cluster_name_holds SET held_until = ${NOW_MS} + $4
             WHERE instance_id = $1 AND name = $2 AND sender = $3`,
        [this.instanceId, name, sender, ...(holdMs === 0 ? [] : [holdMs])],
      );
    });
  }

  /** The NOTIFY payload of `name` typing in `room` here (its token lets this instance skip it). */
  typingPayload(room: string, name: string): string {
    return typingHint(this.#token, room, name);
  }

  async #write(updates: readonly PresenceUpdate[]): Promise<void> {
    const joined = updates.filter((u) => u.online);
    const left = updates.filter((u) => !u.online);
    if (this.#left) return;
    this.#joined = true;
    await this.#db.transaction('write', async (tx) => {
      const { rows } = await tx.query<{ version: number }>(
        `INSERT INTO cluster_instances (instance_id, heartbeat_at, presence_version)
         VALUES ($1, ${NOW_MS}, 1)
         ON CONFLICT (instance_id) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at,
           presence_version = cluster_instances.presence_version + 1
         RETURNING presence_version AS version`,
        [this.instanceId],
      );
      if (left.length > 0) {
        await tx.query(
          `DELETE FROM cluster_presence p USING unnest($2::text[], $3::text[]) AS l(room, name)
           WHERE p.instance_id = $1 AND p.room = l.room AND p.name = l.name`,
          [this.instanceId, left.map((u) => u.room), left.map((u) => u.name)],
        );
      }
      if (joined.length > 0) {
        await tx.query(
          `INSERT INTO cluster_presence (instance_id, room, name)
           SELECT $1, room, name FROM unnest($2::text[], $3::text[]) AS j(room, name)
           ON CONFLICT DO NOTHING`,
          [this.instanceId, joined.map((u) => u.room), joined.map((u) => u.name)],
        );
      }
      const version = rows[0]?.version ?? 0;
      await tx.query('SELECT pg_notify($1, $2)', [
        CHANGES_CHANNEL,
        `${HINT_PREFIX.presence}${version}`,
      ]);
    });
  }

  /** Runs `task` after the name claims and releases before it (a release never passes a claim). */
  #inOrder<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#naming.then(task);
    this.#naming = run.catch(() => {});
    return run;
  }

  async #claim(name: string, sender: string): Promise<boolean> {
    if (this.#left) return false;
    this.#joined = true;
    return this.#db.transaction('write', async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
        ADVISORY_LOCK_NAMES_CLASS,
        name,
      ]);
      const { rowCount } = await tx.query(
        `SELECT 1 FROM cluster_name_holds h
         JOIN cluster_instances i ON i.instance_id = h.instance_id
         WHERE h.name = $2 AND h.instance_id <> $1 AND h.sender <> $3
           AND i.heartbeat_at > ${NOW_MS} - $4
           AND (h.held_until IS NULL OR h.held_until > ${NOW_MS})
         LIMIT 1`,
        [this.instanceId, name, sender, CLUSTER_INSTANCE_TIMEOUT_MS],
      );
      if (rowCount) return false;
      await tx.query(
        `INSERT INTO cluster_instances (instance_id, heartbeat_at, presence_version)
         VALUES ($1, ${NOW_MS}, 0)
         ON CONFLICT (instance_id) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at`,
        [this.instanceId],
      );
      await tx.query(
        `INSERT INTO cluster_name_holds (instance_id, name, sender, held_until)
         VALUES ($1, $2, $3, NULL)
         ON CONFLICT (instance_id, name) DO UPDATE SET sender = EXCLUDED.sender, held_until = NULL`,
        [this.instanceId, name, sender],
      );
      return true;
    });
  }

  /** The instance's rows were forgotten (a pause past CLUSTER_INSTANCE_FORGET_MS): write them again. */
  #republish(): Promise<void> {
    const all = [...this.#online.values()];
    return all.length === 0 ? Promise.resolve() : this.publishPresence(all);
  }

  /** Shutdown: this instance's names leave every other instance at once (not at the timeout). */
  async #leave(): Promise<void> {
    this.#left = true;
    await this.#publishing;
    if (!this.#joined) return;
    this.#joined = false;
    await this.#db.transaction('write', async (tx) => {
      await tx.query('DELETE FROM cluster_instances WHERE instance_id = $1', [this.instanceId]);
      await tx.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, `${HINT_PREFIX.presence}0`]);
    });
  }
}
