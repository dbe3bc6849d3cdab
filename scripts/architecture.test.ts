import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  importCycles,
  libFolderImports,
  libFolders,
  POSTGRES_NAMES,
  postgresOutsideTheEngine,
  ROOT,
  SQLITE_NAMES,
  sqliteOutsideTheEngine,
} from './architecture';

const page = readFileSync(path.join(ROOT, 'docs', 'architecture.md'), 'utf8');

describe('docs/architecture.md, held to the code', () => {
  it('names every lib/ folder in its table', () => {
    const missing = libFolders().filter((folder) => !page.includes(`| \`lib/${folder}\` |`));
    // On failure: add a row for the folder to the Folders table of docs/architecture.md.
    expect(missing).toEqual([]);
  });

  it('lists no lib/ folder that is gone', () => {
    const listed = [...page.matchAll(/^\| `lib\/([a-z-]+)` \|/gm)].map((m) => m[1]);
    expect(listed.filter((folder) => !libFolders().includes(folder as string))).toEqual([]);
  });

  it('finds no import cycle between lib/ folders', () => {
    expect(importCycles(libFolderImports())).toEqual([]);
  });

  it('finds SQLite named only in the engine, the schema and the tools about the SQLite file', () => {
    expect(sqliteOutsideTheEngine()).toEqual([]);
  });

  it('finds the PostgreSQL drivers imported only in lib/store/postgres', () => {
    expect(postgresOutsideTheEngine()).toEqual([]);
  });
});

describe('POSTGRES_NAMES', () => {
  it.each([
    "import pg from 'pg';",
    "import { PGlite } from '@electric-sql/pglite';",
    "import { drizzle } from 'drizzle-orm/node-postgres';",
    "import { migrate } from 'drizzle-orm/pglite/migrator';",
  ])('names %s', (line) => {
    expect(POSTGRES_NAMES.test(line)).toBe(true);
  });

  it.each([
    "import { pgTable } from 'drizzle-orm/pg-core';",
    "import { x } from 'pg-foo';",
    "import { x } from './pg-errors';",
  ])('does not name %s', (line) => {
    expect(POSTGRES_NAMES.test(line)).toBe(false);
  });
});

describe('importCycles', () => {
  it('finds a direct and a longer cycle, and none in a chain', () => {
    const graph = (pairs: [string, string][]) => {
      const edges = new Map<string, Set<string>>();
      for (const [a, b] of pairs) edges.set(a, new Set([...(edges.get(a) ?? []), b]));
      return edges;
    };
    expect(
      importCycles(
        graph([
          ['a', 'b'],
          ['b', 'a'],
        ]),
      ),
    ).toEqual([['a', 'b', 'a']]);
    expect(
      importCycles(
        graph([
          ['a', 'b'],
          ['b', 'c'],
          ['c', 'a'],
        ]),
      ),
    ).toEqual([['a', 'b', 'c', 'a']]);
    expect(
      importCycles(
        graph([
          ['a', 'b'],
          ['b', 'c'],
        ]),
      ),
    ).toEqual([]);
  });
});

describe('SQLITE_NAMES', () => {
  it.each([
    "import Database from 'better-sqlite3';",
    "import { drizzle } from 'drizzle-orm/better-sqlite3';",
    "import { sqliteTable } from 'drizzle-orm/sqlite-core';",
    "db.pragma('journal_mode = WAL');",
    "run('PRAGMA user_version')",
    "if (code === 'SQLITE_FULL') {}",
  ])('sees %s', (text) => {
    expect(SQLITE_NAMES.test(text)).toBe(true);
  });

  it.each(["import { openStores } from '@/lib/store/open-stores';", '// the store is full'])(
    'does not see %s',
    (text) => {
      expect(SQLITE_NAMES.test(text)).toBe(false);
    },
  );
});
