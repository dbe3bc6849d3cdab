import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Db, openDatabase } from '@/lib/store/sqlite/open-database';

/** A migrated SQLite file in a fresh temp folder, for unit tests of the SQLite engine. */
export function openTempDatabase(): { db: Db; file: string; dispose: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulseboard-unit-'));
  const file = path.join(dir, 'db.sqlite');
  const db = openDatabase(file);
  return {
    db,
    file,
    dispose: () => {
      if (db.$client.open) db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
