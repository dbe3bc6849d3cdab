import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_MAX_BYTES_MIN } from '@/lib/env';
import { openDatabase, WAL_JOURNAL_SIZE_LIMIT_BYTES } from './open-database';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulseboard-unit-client-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('openDatabase', () => {
  it('caps the file at whole pages within maxBytes', () => {
    const db = openDatabase(path.join(dir, 'db.sqlite'), {
      maxBytes: DATABASE_MAX_BYTES_MIN + 4095,
    });
    try {
      const pageSize = db.$client.pragma('page_size', { simple: true }) as number;
      expect(db.$client.pragma('max_page_count', { simple: true })).toBe(
        Math.floor((DATABASE_MAX_BYTES_MIN + 4095) / pageSize),
      );
    } finally {
      db.$client.close();
    }
  });

  it('limits the size SQLite keeps the WAL file at', () => {
    const db = openDatabase(path.join(dir, 'db.sqlite'));
    try {
      expect(db.$client.pragma('journal_size_limit', { simple: true })).toBe(
        WAL_JOURNAL_SIZE_LIMIT_BYTES,
      );
    } finally {
      db.$client.close();
    }
  });
});
