import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openTempDatabase } from '@/lib/testing/temp-database';
import { DB_BUSY_TIMEOUT_MS } from './open-database';
import {
  checkpointModeFor,
  WAL_CHECKPOINT_BUSY_TIMEOUT_MS,
  WAL_CHECKPOINT_RETRY_MS,
  WAL_TRUNCATE_ABOVE_BYTES,
  WalCheckpointer,
} from './wal-checkpointer';

let temp: ReturnType<typeof openTempDatabase>;
let wal: WalCheckpointer;
beforeEach(() => {
  temp = openTempDatabase();
  wal = new WalCheckpointer(temp.db.$client);
});
afterEach(() => {
  wal.stop();
  temp.dispose();
});

/** Grows the WAL past WAL_TRUNCATE_ABOVE_BYTES (auto-checkpoint off so it cannot reset). */
function growWal(): void {
  const sqlite = temp.db.$client;
  sqlite.pragma('wal_autocheckpoint = 0');
  const insert = sqlite.prepare('INSERT INTO chat_messages (name, text, ts) VALUES (?, ?, ?)');
  const text = 'x'.repeat(3000);
  while (wal.walBytes() <= WAL_TRUNCATE_ABOVE_BYTES) {
    sqlite.transaction(() => {
      for (let i = 0; i < 100; i++) insert.run('w', text, i);
    })();
  }
}

describe('checkpointModeFor', () => {
  it('checkpoints passively at the bound and truncates just over it', () => {
    expect(checkpointModeFor(0)).toBe('passive');
    expect(checkpointModeFor(WAL_TRUNCATE_ABOVE_BYTES)).toBe('passive');
    expect(checkpointModeFor(WAL_TRUNCATE_ABOVE_BYTES + 1)).toBe('truncate');
  });
});

describe('WalCheckpointer', () => {
  it('truncates a WAL over the bound back to 0 bytes', () => {
    growWal();

    const result = wal.checkpointOnce();

    expect(result).toMatchObject({ mode: 'truncate', busy: false });
    expect(result.walBytesBefore).toBeGreaterThan(WAL_TRUNCATE_ABOVE_BYTES);
    expect(wal.walBytes()).toBe(0);
    expect(wal.stats).toMatchObject({ truncate: 1, passive: 0, busy: 0 });
    console.info(
      `[wal] truncate of ${result.walBytesBefore} B took ${result.durationMs.toFixed(1)} ms`,
    );
  });

  it('gives up within its short busy timeout while a reader holds a snapshot, then restores the busy timeout', () => {
    growWal();
    const reader = new Database(temp.file);
    reader.exec('BEGIN');
    reader.prepare('SELECT COUNT(*) FROM chat_messages').get();
    try {
      const result = wal.checkpointOnce();

      expect(result).toMatchObject({ mode: 'truncate', busy: true });
      expect(result.durationMs).toBeLessThan(WAL_CHECKPOINT_BUSY_TIMEOUT_MS + 500);
      expect(wal.stats.busy).toBe(1);
      expect(temp.db.$client.pragma('busy_timeout', { simple: true })).toBe(DB_BUSY_TIMEOUT_MS);
      console.info(`[wal] busy truncate gave up after ${result.durationMs.toFixed(1)} ms`);
    } finally {
      reader.exec('COMMIT');
      reader.close();
    }
    expect(wal.checkpointOnce().busy).toBe(false);
    expect(wal.walBytes()).toBe(0);
  });

  it('retries a busy TRUNCATE after WAL_CHECKPOINT_RETRY_MS, not a whole interval later', async () => {
    growWal();
    const reader = new Database(temp.file);
    reader.exec('BEGIN');
    reader.prepare('SELECT COUNT(*) FROM chat_messages').get();
    // Ten retries to an interval: three busy tries fit long before a second interval.
    const fast = new WalCheckpointer(temp.db.$client, WAL_CHECKPOINT_RETRY_MS * 10);
    try {
      fast.start();
      await vi.waitFor(() => expect(fast.stats.truncate).toBeGreaterThanOrEqual(3), {
        timeout: WAL_CHECKPOINT_RETRY_MS * 10 + 4 * (WAL_CHECKPOINT_RETRY_MS + 200),
      });
      expect(fast.stats.busy).toBe(fast.stats.truncate);
    } finally {
      fast.stop();
      reader.exec('COMMIT');
      reader.close();
    }
  });

  it('checkpoints passively when the WAL is small', () => {
    temp.db.$client
      .prepare('INSERT INTO chat_messages (name, text, ts) VALUES (?, ?, ?)')
      .run('a', 'b', 1);

    expect(wal.checkpointOnce()).toMatchObject({ mode: 'passive', busy: false });
    expect(wal.stats.passive).toBe(1);
  });
});
