import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Facts about the code's layout that docs/architecture.md states and
 * scripts/architecture.test.ts holds it to: the folders of `lib/`, the imports between them,
 * and where the SQLite engine may be named.
 */

/** The repository root. */
export const ROOT = path.resolve(import.meta.dirname, '..');

/** Every folder directly under `lib/`. */
export function libFolders(root = ROOT): string[] {
  return readdirSync(path.join(root, 'lib'))
    .filter((name) => statSync(path.join(root, 'lib', name)).isDirectory())
    .sort();
}

/** Source files (`.ts`, `.tsx`, `.mjs`) under `dir`, tests included, relative to `root`. */
export function sourceFiles(dir: string, root = ROOT): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(root, rel))) {
      const child = path.join(rel, name);
      if (name === 'node_modules' || name.startsWith('.')) continue;
      if (statSync(path.join(root, child)).isDirectory()) walk(child);
      else if (/\.(ts|tsx|mjs)$/.test(name)) out.push(child);
    }
  };
  walk(dir);
  return out.sort();
}

/** Imports of `lib/<folder>` by production code in other `lib/` folders (tests left out). */
export function libFolderImports(root = ROOT): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  const folders = new Set(libFolders(root));
  for (const file of sourceFiles('lib', root)) {
    if (/\.test\.tsx?$/.test(file)) continue;
    const [, from] = file.split(path.sep);
    if (!from || from.endsWith('.ts')) continue; // lib/env.ts and the other root modules
    const text = readFileSync(path.join(root, file), 'utf8');
    for (const match of text.matchAll(/from '@\/lib\/([a-z-]+)(?:\/|')/g)) {
      const to = match[1] as string;
      if (to === from || !folders.has(to)) continue;
      let set = edges.get(from);
      if (!set) {
        set = new Set();
        edges.set(from, set);
      }
      set.add(to);
    }
  }
  return edges;
}

/** Each cycle of the folder import graph, as a list of folders (empty when there is none). */
export function importCycles(edges: Map<string, Set<string>>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...edges.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

/** What names the SQLite engine: its driver, its drizzle dialect, a PRAGMA or an SQLITE_ code. */
export const SQLITE_NAMES =
  /from '(better-sqlite3|drizzle-orm\/better-sqlite3[^']*|drizzle-orm\/sqlite-core)'|\bPRAGMA\b|\.pragma\(|\bSQLITE_[A-Z]/;

/**
 * Where the SQLite engine may be named: its folder, the schema and migrations (drizzle's own
 * convention), tools that work on the SQLite file itself, the raw baselines of the bench, and
 * the tests about SQLite itself (another process writing the file, a full or read-only file).
 */
export const SQLITE_ALLOWED = [
  /^lib\/store\/sqlite\//,
  /^db\//,
  /^scripts\/backup-db\.ts$/,
  /^scripts\/architecture(\.test)?\.ts$/,
  /^bench\/(baseline-db|bundle-baselines|rollup-triggers|sync-mode|retention-sweep|wal-checkpoints|sqlite-pages)\.ts$/,
  /^tests\/integration\/(helpers\/sqlite-file\.ts|fixtures\/)/,
  /^tests\/integration\/store-(full|full-disk|read-only|start|pressure)\.test\.ts$/,
  /^tests\/store-contract\/sqlite\./,
];

/**
 * What names the PostgreSQL engine's drivers: node-postgres, PGlite, or their drizzle drivers.
 * (SQL itself is not fenced: a SQLSTATE or an advisory lock is named in lib/store/postgres only
 * by habit, not by this check.)
 */
export const POSTGRES_NAMES =
  /from '(pg|@electric-sql\/pglite[^']*|drizzle-orm\/(node-postgres|pglite)[^']*)'/;

/**
 * Where the PostgreSQL drivers may be imported: the engine's folder only (its tests included).
 * The schema uses drizzle's pg-core, which is no driver.
 */
export const POSTGRES_ALLOWED = [/^lib\/store\/postgres\//, /^scripts\/architecture(\.test)?\.ts$/];

/** Files outside POSTGRES_ALLOWED that import a PostgreSQL driver. */
export function postgresOutsideTheEngine(root = ROOT): string[] {
  const dirs = ['app', 'lib', 'db', 'scripts', 'bench', 'tests', 'e2e'];
  const files = [...dirs.flatMap((dir) => sourceFiles(dir, root)), 'server.ts'];
  return files.filter(
    (file) =>
      !POSTGRES_ALLOWED.some((allowed) => allowed.test(file)) &&
      POSTGRES_NAMES.test(readFileSync(path.join(root, file), 'utf8')),
  );
}

/** Files outside SQLITE_ALLOWED that name the SQLite engine. */
export function sqliteOutsideTheEngine(root = ROOT): string[] {
  const dirs = ['app', 'lib', 'db', 'scripts', 'bench', 'tests', 'e2e'];
  const files = [...dirs.flatMap((dir) => sourceFiles(dir, root)), 'server.ts'];
  return files.filter(
    (file) =>
      !SQLITE_ALLOWED.some((allowed) => allowed.test(file)) &&
      SQLITE_NAMES.test(readFileSync(path.join(root, file), 'utf8')),
  );
}
