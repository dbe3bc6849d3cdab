import pg from 'pg';
import { errorFields, log } from '@/lib/logger';
import type { SqlRunner } from './pg-connection';

/** The channel commits are announced on (`pg_notify`, delivered at commit). */
export const CHANGES_CHANNEL = 'pulseboard_changes';
/** How often the listener connection is checked with `SELECT 1`, in milliseconds. */
export const PG_LISTEN_HEALTH_INTERVAL_MS = 5_000;
/** Longest the check may take before the connection is dropped and opened again, in ms. */
export const PG_LISTEN_HEALTH_TIMEOUT_MS = 2_000;
/** Wait before opening a broken listener connection again, in milliseconds. */
export const PG_LISTEN_RECONNECT_MS = 1_000;
/**
 * Share of PostgreSQL's NOTIFY queue in use (`pg_notification_queue_usage()`, 0 to 1) over
 * which a warning is logged (once, until it is back under): 0.1, 10%. The queue (8 GB) fills
 * when a session that LISTENs stays in a transaction; a full queue makes every NOTIFY, so
 * every write, fail at commit. Read by the health check, shown in `/metrics`.
 */
export const PG_NOTIFY_QUEUE_WARN_RATIO = 0.1;

/**
 * Announces a commit to every listening instance: a wake-up hint carrying ids only (`s:<seq>`,
 * `d:<deletion id>`), never content (NOTIFY caps a payload at 8000 bytes). Inside the
 * committing transaction, so it is delivered at the commit, never for a rollback.
 */
export async function announceChange(tx: SqlRunner, hint: string): Promise<void> {
  await tx.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, hint]);
}

/** What the listener has done, for `/metrics`. */
export type ListenerStats = {
  notices: number;
  reconnects: number;
  connected: boolean;
  /** `pg_notification_queue_usage()` at the last health check (0 to 1). */
  queueUsage: number;
};

/**
 * A dedicated connection (not from the pool) that LISTENs on CHANGES_CHANNEL and calls
 * `onChange` with each notice's payload (undefined for the catch-up after (re)connecting), so a commit of another instance reaches this one's streams at
 * once; PgChangePoll stays as the fallback. node-postgres emits no error when the server
 * reboots under an idle connection (node-postgres issue 3003), so the connection is checked
 * every PG_LISTEN_HEALTH_INTERVAL_MS; a broken one is replaced after PG_LISTEN_RECONNECT_MS,
 * and `onChange` is called once it listens again (the hub then reads from its own cursor:
 * nothing committed meanwhile is missed). The check reads `pg_notification_queue_usage()` and
 * warns over `queueWarnRatio` (PG_NOTIFY_QUEUE_WARN_RATIO). LISTEN needs a session of its own:
 * pgbouncer in transaction mode breaks it. The listener holds no lock.
 */
export class PgChangeListener {
  readonly #url: string;
  readonly #onChange: (payload?: string) => void;
  readonly #applicationName: string;
  #client: pg.Client | undefined;
  #health: NodeJS.Timeout | undefined;
  #retry: NodeJS.Timeout | undefined;
  #running = false;
  /** Whether the loss was logged: once per outage, not once per failed reconnect. */
  #lossLogged = false;
  readonly #queueWarnRatio: number;
  /** Whether the queue's usage is over the warning ratio (said once per crossing). */
  #queueWarned = false;
  readonly stats: ListenerStats = { notices: 0, reconnects: 0, connected: false, queueUsage: 0 };

  constructor(
    url: string,
    onChange: (payload?: string) => void,
    applicationName = 'pulseboard-listener',
    options: { queueWarnRatio?: number } = {},
  ) {
    this.#url = url;
    this.#onChange = onChange;
    this.#applicationName = applicationName;
    this.#queueWarnRatio = options.queueWarnRatio ?? PG_NOTIFY_QUEUE_WARN_RATIO;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    void this.#connect();
    this.#health = setInterval(() => void this.#check(), PG_LISTEN_HEALTH_INTERVAL_MS);
  }

  async stop(): Promise<void> {
    this.#running = false;
    clearInterval(this.#health);
    clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = undefined;
    this.stats.connected = false;
    await client?.end().catch(() => {});
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.#url,
      application_name: this.#applicationName,
    });
    client.on('error', (error) => this.#broken(client, error));
    client.on('end', () => this.#broken(client, new Error('listener connection ended')));
    client.on('notification', (notice) => {
      this.stats.notices++;
      this.#onChange(notice.payload);
    });
    this.#client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
      if (this.#client !== client) return;
      if (this.#lossLogged) log.info('postgres listener listening again');
      this.#lossLogged = false;
      this.stats.connected = true;
      // Catch-up: whatever committed while it was not listening.
      this.#onChange();
      void this.#check();
    } catch (error) {
      this.#broken(client, error);
    }
  }

  async #check(): Promise<void> {
    const client = this.#client;
    if (!client || !this.stats.connected) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error('listener health check timed out')),
        PG_LISTEN_HEALTH_TIMEOUT_MS,
      );
    });
    try {
      const { rows } = await Promise.race([
        client.query<{ usage: number }>('SELECT pg_notification_queue_usage() AS usage'),
        timeout,
      ]);
      this.#sawQueueUsage(Number(rows[0]?.usage ?? 0));
    } catch (error) {
      this.#broken(client, error);
    } finally {
      clearTimeout(timer);
    }
  }

  #sawQueueUsage(usage: number): void {
    this.stats.queueUsage = usage;
    const over = usage > this.#queueWarnRatio;
    if (over && !this.#queueWarned) {
      log.warn('postgres NOTIFY queue filling: a session that LISTENs stays in a transaction?', {
        usage,
        warnRatio: this.#queueWarnRatio,
      });
    } else if (!over && this.#queueWarned) {
      log.info('postgres NOTIFY queue back under its warning ratio', { usage });
    }
    this.#queueWarned = over;
  }

  /** Drops `client` (once) and schedules a new connection while running. */
  #broken(client: pg.Client, error: unknown): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    this.stats.connected = false;
    this.stats.reconnects++;
    if (this.#running && !this.#lossLogged) {
      log.warn('postgres listener connection lost', errorFields(error));
      this.#lossLogged = true;
    }
    client.removeAllListeners('notification');
    client.end().catch(() => {});
    if (!this.#running) return;
    this.#retry = setTimeout(() => void this.#connect(), PG_LISTEN_RECONNECT_MS);
  }
}
