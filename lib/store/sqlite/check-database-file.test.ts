import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkDatabaseFile } from './check-database-file';
import { MIGRATIONS_FOLDER, openDatabase } from './open-database';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulseboard-unit-check-'));
  file = path.join(dir, 'db.sqlite');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const hashOf = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const check = () => checkDatabaseFile(file, MIGRATIONS_FOLDER);

function foreignDatabase(wal: boolean): void {
  const db = new Database(file);
  if (wal) db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY); CREATE TABLE customers (id INTEGER)');
  db.close();
}

describe('checkDatabaseFile', () => {
  it('accepts a missing file and an empty file', () => {
    expect(check).not.toThrow();
    fs.writeFileSync(file, '');
    expect(check).not.toThrow();
  });

  it('accepts a Pulseboard database (with data, after a clean close)', () => {
    openDatabase(file).$client.close();
    expect(check).not.toThrow();
  });

  it.each([
    ['random bytes', () => fs.writeFileSync(file, randomBytes(8192))],
    ['a text file', () => fs.writeFileSync(file, 'name,value\nann,1\n')],
    ['a file shorter than the header', () => fs.writeFileSync(file, 'SQLite')],
  ])('refuses %s as not a SQLite database, leaving it untouched', (_what, write) => {
    write();
    const before = hashOf(file);

    expect(check).toThrow(/is not a SQLite database/);
    expect(hashOf(file)).toBe(before);
  });

  it.each([
    ['rollback journal', false],
    ['WAL', true],
  ])(
    'refuses a database of another application (%s mode), naming its tables, leaving no -wal/-shm',
    (_mode, wal) => {
      foreignDatabase(wal);
      const before = hashOf(file);

      expect(check).toThrow(
        'the file is a SQLite database of another application (tables: customers, invoices); refusing to modify it',
      );
      expect(hashOf(file)).toBe(before);
      expect(fs.readdirSync(dir)).toEqual(['db.sqlite']);
    },
  );

  it('refuses a database migrated by a newer Pulseboard', () => {
    openDatabase(file).$client.close();
    const db = new Database(file);
    db.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run(
      'f'.repeat(64),
      Date.now() + 1000,
    );
    db.close();

    expect(check).toThrow(/1 migration\(s\) this version of Pulseboard does not know/);
  });

  it('refuses a damaged SQLite file: a valid header over garbage', () => {
    openDatabase(file).$client.close();
    const bytes = fs.readFileSync(file);
    bytes.fill(0xff, 100);
    fs.writeFileSync(file, bytes);
    const before = hashOf(file);

    expect(check).toThrow(/^the file is a damaged SQLite database \(.+\); refusing to modify it$/);
    expect(hashOf(file)).toBe(before);
  });
});

describe('openDatabase on a refused file', () => {
  it('throws naming the path and the reason', () => {
    fs.writeFileSync(file, 'hello');
    expect(() => openDatabase(file)).toThrow(
      `Cannot open the database at ${file}: the file is not a SQLite database`,
    );
  });
});
