import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDatabase } from '@/lib/testing/temp-database';
import {
  checkpointModeFor,
  WAL_BEHIND_ABOVE_BYTES,
  WAL_TRUNCATE_ABOVE_BYTES,
  walGeneration,
} from './wal-checkpoint-policy';

describe('checkpointModeFor', () => {
  const over = WAL_TRUNCATE_ABOVE_BYTES + 1;
  const behind = WAL_BEHIND_ABOVE_BYTES + 1;
  it.each([
    // no other writer: TRUNCATE just over the bound, whether restarted or not
    [0, false, false, 'passive'],
    [WAL_TRUNCATE_ABOVE_BYTES, false, false, 'passive'],
    [over, false, false, 'truncate'],
    [over, false, true, 'truncate'],
    // another writer keeps its WAL bounded itself: stay out of its way
    [over, true, false, 'skip'],
    [WAL_BEHIND_ABOVE_BYTES, true, false, 'skip'],
    [behind, true, true, 'skip'],
    // ... unless nobody restarted a WAL over WAL_BEHIND_ABOVE_BYTES: help it along
    [behind, true, false, 'passive'],
    [100 * WAL_BEHIND_ABOVE_BYTES, true, false, 'passive'],
  ] as const)(
    'a WAL of %i bytes, other writer %s, restarted %s: %s',
    (walBytes, otherWriter, restarted, mode) => {
      expect(checkpointModeFor({ walBytes, otherWriter, restarted })).toBe(mode);
    },
  );

  it('leaves a writer its own 1000-page cycle (about 4.1 MB) and then some', () => {
    expect(WAL_BEHIND_ABOVE_BYTES).toBeGreaterThanOrEqual(2 * 1000 * (4096 + 24));
  });
});

describe('walGeneration', () => {
  let temp: ReturnType<typeof openTempDatabase>;
  beforeEach(() => {
    temp = openTempDatabase();
  });
  afterEach(() => temp.dispose());
  const walPath = () => `${temp.file}-wal`;
  const insert = () =>
    temp.db.$client
      .prepare('INSERT INTO chat_messages (name, text, ts) VALUES (?, ?, ?)')
      .run('a', 'b', 1);

  it('stays the same while the WAL grows and changes when it is restarted', () => {
    insert();
    const first = walGeneration(walPath());
    insert();
    expect(walGeneration(walPath())).toBe(first);

    temp.db.$client.pragma('wal_checkpoint(PASSIVE)');
    insert(); // the first write after a complete checkpoint restarts the WAL

    expect(first).toMatch(/^[0-9a-f]{24}$/);
    expect(walGeneration(walPath())).not.toBe(first);
  });

  it('is empty for a missing or truncated WAL', () => {
    insert();
    temp.db.$client.pragma('wal_checkpoint(TRUNCATE)');

    expect(fs.statSync(walPath()).size).toBe(0);
    expect(walGeneration(walPath())).toBe('');
    expect(walGeneration(`${walPath()}.missing`)).toBe('');
  });
});
