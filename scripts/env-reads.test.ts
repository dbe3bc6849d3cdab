import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { envSchema } from '../lib/env';
import { CONFIG_DOC_PATH } from './config-doc';
import { findEnvReads, listCodeFiles, namesReadIn, variablesInTables } from './env-reads';

const ROOT = path.resolve(import.meta.dirname, '..');
/** Pages whose tables document variables read outside the server. */
const DOC_PAGES = [CONFIG_DOC_PATH, 'bench/README.md'];
/** Variables read but documented nowhere here, each with the reason. */
const EXEMPT: Record<string, string> = {
  PATH: "the system's search path: handed to child processes, searched for nginx",
  HOME: "the user's home folder, handed to the CLI's child process by its test",
};

/** The server's own code: it may read only variables of the env schema (not the test harness). */
function isServerCode(file: string): boolean {
  if (file.endsWith('.test.ts') || /^lib\/(cli|testing)\//.test(file)) return false;
  return /^(app|lib|db)\//.test(file) || file === 'server.ts';
}

const schemaNames = new Set(Object.keys(envSchema.shape));
const documented = new Set(
  DOC_PAGES.flatMap((page) => [...variablesInTables(readFileSync(path.join(ROOT, page), 'utf8'))]),
);
const reads = findEnvReads(ROOT);

describe('environment variables the code reads', () => {
  it('are, in server code, all in the env schema (lib/env.ts)', () => {
    const outside = reads
      .filter((r) => isServerCode(r.file) && !schemaNames.has(r.name))
      .map((r) => `${r.file}:${r.line} reads ${r.name}`);
    expect(outside).toEqual([]);
  });

  it('are, everywhere else, in the schema, documented in docs/configuration.md, or exempt', () => {
    const undocumented = reads
      .filter((r) => !schemaNames.has(r.name) && !documented.has(r.name) && !(r.name in EXEMPT))
      .map((r) => `${r.file}:${r.line} reads ${r.name}`);
    expect(undocumented).toEqual([]);
  });

  it('include every exempt variable (no stale exemption)', () => {
    const read = new Set(reads.map((r) => r.name));
    expect(Object.keys(EXEMPT).filter((name) => !read.has(name))).toEqual([]);
  });

  it('include every variable the pages document outside the schema (no stale row)', () => {
    // Some are read through a computed name (bench/config.ts): a mention in the code counts.
    const code = listCodeFiles(ROOT)
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const stale = [...documented].filter(
      (name) => !schemaNames.has(name) && !new RegExp(`\\b${name}\\b`).test(code),
    );
    expect(stale).toEqual([]);
  });
});

describe('findEnvReads', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'env-reads-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds reads by name with file and line, and skips comments and dependencies', () => {
    const env = ['process', 'env'].join('.');
    mkdirSync(path.join(dir, 'lib'));
    mkdirSync(path.join(dir, 'node_modules'));
    const code = `const a = 1;\nconst b = ${env}.FIRST_ONE;\n// ${env}.IN_A_COMMENT\n`;
    writeFileSync(path.join(dir, 'lib', 'a.ts'), code);
    writeFileSync(path.join(dir, 'node_modules', 'b.js'), `${env}.IN_A_DEPENDENCY;\n`);
    expect(findEnvReads(dir)).toEqual([{ name: 'FIRST_ONE', file: 'lib/a.ts', line: 2 }]);
  });

  it.each([
    ['process.env.PORT ?? 3000', ['PORT']],
    ["process.env['HOST']", ['HOST']],
    ['runtime.env.TRUST_PROXY ? a : b', ['TRUST_PROXY']],
    ['const quick = env.BENCH_QUICK === "1" || env.CLIENTS;', ['BENCH_QUICK', 'CLIENTS']],
    ['const { PORT, HOST: host } = process.env;', ['PORT', 'HOST']],
    ['environment.NOT_ENV; env.lowercase; env[name]', []],
  ])('reads %s as %j', (line, names) => {
    expect(namesReadIn(line)).toEqual(names);
  });
});
