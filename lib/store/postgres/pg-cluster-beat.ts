import { errorFields, log } from '@/lib/logger';
import {
  CLUSTER_HEARTBEAT_INTERVAL_MS,
  CLUSTER_INSTANCE_FORGET_MS,
  CLUSTER_INSTANCE_TIMEOUT_MS,
  type ClusterHint,
} from '@/lib/store/cluster-store';
import type { SqlRunner } from './pg-connection';

/** The database's clock in ms: every instance compares heartbeats on this one clock. */
export const NOW_MS = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

/**
 * Most `annotation` hints one beat emits for annotations it noticed (the newest ones), 100:
 * more stored within one beat while LISTEN is down reach the pages by their own list reads.
 */
export const BEAT_ANNOTATION_HINTS_MAX = 100;

/** What the heartbeat reports to its store. */
export type BeatTarget = {
  emit(hint: ClusterHint): void;
  /** The instance's row was created anew (first beat, or forgotten): publish its names again. */
  republish(): Promise<void>;
  /** Shutdown: delete the instance's rows (if it ever wrote one). */
  leave(): Promise<void>;
  /** A beat is about to write the instance's row. */
  joined(): void;
};

type BeatRow = {
  inserted: boolean | null;
  peers: string | null;
  chat: number | null;
  layout: number | null;
  annotation: string | number | null;
};

/**
 * Every CLUSTER_HEARTBEAT_INTERVAL_MS, in one statement: refreshes this instance's heartbeat,
 * forgets instances silent for CLUSTER_INSTANCE_FORGET_MS, and reads what the hints would have
 * said: the live peers and their presence versions (an instance that came, changed or timed
 * out), the newest chat id, the layout version and the newest annotation id. A change emits
 * the matching hint (one per new annotation id, at most BEAT_ANNOTATION_HINTS_MAX), so the
 * cluster converges even while the LISTEN connection is down (the fallback poll). A failed
 * beat is logged once until one works.
 */
export class PgClusterBeat {
  readonly #db: SqlRunner;
  readonly #instanceId: string;
  readonly #target: BeatTarget;
  #timer: NodeJS.Timeout | undefined;
  #beating: Promise<void> | undefined;
  #failing = false;
  #seen: { peers: string; chat: number; layout: number; annotation: number } | undefined;
  /** Beats that worked and beats that failed. */
  readonly stats = { beats: 0, failures: 0 };

  constructor(db: SqlRunner, instanceId: string, target: BeatTarget) {
    this.#db = db;
    this.#instanceId = instanceId;
    this.#target = target;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.beatNow(), CLUSTER_HEARTBEAT_INTERVAL_MS);
    void this.beatNow();
  }

  /** Ends the heartbeat, then removes this instance (its names leave the others at once). */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#beating;
    await this.#target.leave().catch((error: unknown) => {
      log.warn('cluster leave failed', errorFields(error));
    });
  }

  /** One beat (one at a time; a call during a beat joins it). */
  beatNow(): Promise<void> {
    this.#beating ??= this.#beat().finally(() => {
      this.#beating = undefined;
    });
    return this.#beating;
  }

  async #beat(): Promise<void> {
    let row: BeatRow | undefined;
    this.#target.joined();
    try {
      ({
        rows: [row],
      } = await this.#db.query<BeatRow>(BEAT_SQL, [
        this.#instanceId,
        CLUSTER_INSTANCE_TIMEOUT_MS,
        CLUSTER_INSTANCE_FORGET_MS,
      ]));
      this.stats.beats++;
      if (this.#failing) log.info('cluster heartbeat works again');
      this.#failing = false;
    } catch (error) {
      this.stats.failures++;
      if (!this.#failing) log.warn('cluster heartbeat failed', errorFields(error));
      this.#failing = true;
      return;
    }
    const now = {
      peers: row?.peers ?? '',
      chat: row?.chat ?? 0,
      layout: row?.layout ?? 0,
      annotation: Number(row?.annotation ?? 0),
    };
    const before = this.#seen;
    this.#seen = now;
    if (row?.inserted) await this.#target.republish().catch(() => {});
    if (before?.peers !== now.peers) this.#target.emit({ kind: 'presence' });
    if (before && before.chat !== now.chat) this.#target.emit({ kind: 'chat', id: now.chat });
    if (before && before.layout !== now.layout) {
      this.#target.emit({ kind: 'layout', version: now.layout });
    }
    const first = Math.max(
      (before?.annotation ?? now.annotation) + 1,
      now.annotation - BEAT_ANNOTATION_HINTS_MAX + 1,
    );
    for (let id = first; id <= now.annotation; id++) this.#target.emit({ kind: 'annotation', id });
  }
}

// The CTEs run whether or not the SELECT reads them; the SELECT sees the snapshot before them
// (this instance's own row is left out of `peers` anyway).
const BEAT_SQL = `
WITH now AS (SELECT ${NOW_MS} AS ms),
beat AS (
  INSERT INTO cluster_instances (instance_id, heartbeat_at, presence_version)
  SELECT $1, ms, 0 FROM now
  ON CONFLICT (instance_id) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at
  RETURNING (xmax = 0) AS inserted
),
forget AS (
  DELETE FROM cluster_instances WHERE heartbeat_at < (SELECT ms FROM now) - $3 RETURNING 1
)
SELECT
  (SELECT inserted FROM beat) AS inserted,
  (SELECT string_agg(instance_id || '@' || presence_version, ',' ORDER BY instance_id)
     FROM cluster_instances, now
     WHERE instance_id <> $1 AND heartbeat_at > ms - $2) AS peers,
  (SELECT MAX(id) FROM chat_messages) AS chat,
  (SELECT version FROM dashboard_layout WHERE id = 1) AS layout,
  (SELECT MAX(id) FROM annotations) AS annotation`;
