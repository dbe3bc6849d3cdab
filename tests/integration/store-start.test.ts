import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { getHealth } from './helpers/http-api';
import { withDatabase } from './helpers/sqlite-file';
import { startTestServer, type TestServer } from './helpers/start-test-server';

let server: TestServer | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await server?.stop();
  server = undefined;
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempFile(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pulseboard-it-start-'));
  dirs.push(dir);
  return path.join(dir, 'db.sqlite');
}

const sha256 = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

/** A database of another application, in WAL mode (so a careless open would touch sidecars). */
function foreignDatabase(file: string): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(
    'CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); CREATE TABLE customers (id INTEGER)',
  );
  db.prepare('INSERT INTO invoices (total) VALUES (?)').run(12.5);
  db.close();
}

/** A Pulseboard database with a migration this build does not have (a newer version's). */
async function newerPulseboardDatabase(file: string): Promise<void> {
  const first = await startTestServer({ COLLECTOR_ENABLED: '0' }, { databasePath: file });
  await first.stop({ keepDb: true });
  withDatabase(file, (db) =>
    db
      .prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)')
      .run('0'.repeat(64), Date.now()),
  );
}

describe('DATABASE_PATH pointing at a file that is not a Pulseboard database', () => {
  it.each([
    [
      'random bytes',
      (f: string) => writeFile(f, randomBytes(64 * 1024)),
      'the file is not a SQLite database',
    ],
    [
      'a text file',
      (f: string) => writeFile(f, 'date,total\n2026-11-26,12.50\n'),
      'the file is not a SQLite database',
    ],
    [
      "another application's SQLite database",
      async (f: string) => foreignDatabase(f),
      'the file is a SQLite database of another application (tables: customers, invoices); refusing to modify it',
    ],
    [
      'a database of a newer Pulseboard',
      newerPulseboardDatabase,
      'the database has 1 migration(s) this version of Pulseboard does not know',
    ],
  ])(
    'refuses %s at start, naming the path, and leaves it byte for byte unchanged',
    async (_what, write, reason) => {
      const file = await tempFile();
      await write(file);
      const before = await sha256(file);
      const filesBefore = await readdir(path.dirname(file));

      const start = startTestServer({ COLLECTOR_ENABLED: '0' }, { databasePath: file });

      await expect(start).rejects.toThrow(/The server exited \(code 1/);
      const message = String(await start.catch((error: Error) => error.message));
      expect(message).toContain(`Cannot open the database at ${file}: ${reason}`);
      expect(await sha256(file)).toBe(before);
      expect(await readdir(path.dirname(file))).toEqual(filesBefore);
    },
  );

  it.each([
    ['a missing file', async (_f: string) => {}],
    ['an empty file', (f: string) => writeFile(f, '')],
  ])('starts on %s as a new database', async (_what, write) => {
    const file = await tempFile();
    await write(file);

    server = await startTestServer({ COLLECTOR_ENABLED: '0' }, { databasePath: file });

    expect((await getHealth(server.url)).store).toBe('ok');
  });
});
