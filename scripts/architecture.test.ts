import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  importCycles,
  libFolderImports,
  libFolders,
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
