import type Database from 'better-sqlite3';

/**
 * How often the store asks SQLite whether another process committed (`PRAGMA data_version`),
 * in milliseconds. Rows written by a script are noticed within this interval.
 */
export const CHANGE_POLL_INTERVAL_MS = 50;

/**
 * Notices commits made by other connections to the same file (scripts, another process):
 * `PRAGMA data_version` changes when any other connection commits. A background task of the
 * SQLite engine (started after the server listens, with the other tasks).
 */
export class ChangePoll {
  readonly #sqlite: Database.Database;
  readonly #onChange: () => void;
  readonly #intervalMs: number;
  #version: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    sqlite: Database.Database,
    onChange: () => void,
    intervalMs = CHANGE_POLL_INTERVAL_MS,
  ) {
    this.#sqlite = sqlite;
    this.#onChange = onChange;
    this.#intervalMs = intervalMs;
    this.#version = this.#read();
  }

  start(): void {
    this.#timer ??= setInterval(() => this.#tick(), this.#intervalMs);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  get running(): boolean {
    return this.#timer !== undefined;
  }

  #read(): number {
    return this.#sqlite.pragma('data_version', { simple: true }) as number;
  }

  #tick(): void {
    if (!this.#sqlite.open) return;
    const version = this.#read();
    if (version === this.#version) return;
    this.#version = version;
    this.#onChange();
  }
}
