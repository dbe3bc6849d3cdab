import fs from 'node:fs';
import { WAL_JOURNAL_SIZE_LIMIT_BYTES } from './open-database';

/**
 * Above this WAL file size, and when no other connection wrote since the last look, the
 * checkpointer TRUNCATEs (the file goes back to 0), in bytes (4 MiB).
 */
export const WAL_TRUNCATE_ABOVE_BYTES = WAL_JOURNAL_SIZE_LIMIT_BYTES;
/**
 * While another connection writes, the checkpointer leaves the WAL to that writer's own cycle
 * (auto-checkpoint every 1000 pages, about 4.1 MB, then restart) unless the file is over this
 * size and was not restarted since the last look: then it helps with a PASSIVE. In bytes
 * (8 MiB: twice the writer's cycle, so a writer that keeps up is never disturbed).
 */
export const WAL_BEHIND_ABOVE_BYTES = 2 * WAL_JOURNAL_SIZE_LIMIT_BYTES;

/** `skip`: no checkpoint this time (another connection writes and keeps the WAL bounded). */
export type CheckpointMode = 'passive' | 'truncate' | 'skip';

/** What the checkpointer saw of the WAL before deciding. */
export type WalLook = {
  /** Size of the WAL file, in bytes. */
  walBytes: number;
  /** Another connection committed since the previous look (`PRAGMA data_version` moved). */
  otherWriter: boolean;
  /** The WAL was restarted since the previous look (by any connection): its header changed. */
  restarted: boolean;
};

/**
 * The checkpoint for what was seen. While another connection writes: none, unless the WAL is
 * over WAL_BEHIND_ABOVE_BYTES and nobody restarted it since the last look (its writer does not
 * checkpoint, or cannot keep up): then PASSIVE. A TRUNCATE would have to win the write lock
 * from that writer, and a checkpoint of ours holds SQLite's checkpoint lock while it copies, so
 * that the writer's own auto-checkpoints fail meanwhile and its WAL grows at its pace. With no
 * other writer: TRUNCATE over WAL_TRUNCATE_ABOVE_BYTES, PASSIVE at or below it.
 */
export function checkpointModeFor(look: WalLook): CheckpointMode {
  if (look.otherWriter) {
    return look.walBytes > WAL_BEHIND_ABOVE_BYTES && !look.restarted ? 'passive' : 'skip';
  }
  return look.walBytes > WAL_TRUNCATE_ABOVE_BYTES ? 'truncate' : 'passive';
}

/** Bytes 12 to 23 of the WAL header: the checkpoint sequence number and the two salts. */
const GENERATION_AT = 12;
const GENERATION_BYTES = 12;

/**
 * The WAL's generation: its header's checkpoint sequence number and salts, which SQLite changes
 * every time the WAL is restarted or truncated (https://www.sqlite.org/fileformat.html#walformat),
 * as hex; empty when the file is missing or has no header yet.
 */
export function walGeneration(walPath: string): string {
  let fd: number | undefined;
  try {
    fd = fs.openSync(walPath, 'r');
    const header = Buffer.alloc(GENERATION_BYTES);
    const read = fs.readSync(fd, header, 0, GENERATION_BYTES, GENERATION_AT);
    return read === GENERATION_BYTES ? header.toString('hex') : '';
  } catch {
    return '';
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
