import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listRepoFiles } from './repo-files';

/** One place the code reads an environment variable. */
export type EnvRead = { name: string; file: string; line: number };

const CODE_FILE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const NAME = '([A-Z_][A-Z0-9_]*)';
// `process.env.X`, `env.X` (a parsed Env or a process.env handed on), and their `['X']` forms.
const READ_PATTERNS = [
  new RegExp(`\\benv\\.${NAME}\\b`, 'g'),
  new RegExp(`\\benv\\[\\s*['"\`]${NAME}['"\`]\\s*\\]`, 'g'),
];
// `const { A, B: b } = process.env`
const DESTRUCTURING = /\{([^{}]*)\}\s*=\s*process\.env\b/g;

/**
 * Every read of an environment variable by name in the code under `root` (TypeScript and
 * JavaScript files; dependencies and build output skipped), with file and line. Comment lines
 * are skipped; a read through a computed name (`env[name]`) cannot be seen.
 */
export function findEnvReads(root: string): EnvRead[] {
  const reads: EnvRead[] = [];
  for (const file of listCodeFiles(root)) {
    const relative = path.relative(root, file).split(path.sep).join('/');
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, index) => {
        if (isComment(text)) return;
        for (const name of namesReadIn(text)) reads.push({ name, file: relative, line: index + 1 });
      });
  }
  return reads;
}

/** The variable names one line of code reads. */
export function namesReadIn(line: string): string[] {
  const names: string[] = [];
  for (const pattern of READ_PATTERNS) {
    for (const match of line.matchAll(pattern)) if (match[1]) names.push(match[1]);
  }
  for (const match of line.matchAll(DESTRUCTURING)) {
    for (const part of (match[1] ?? '').split(',')) {
      const name = part.split(':')[0]?.trim() ?? '';
      if (/^[A-Z_][A-Z0-9_]*$/.test(name)) names.push(name);
    }
  }
  return names;
}

/** The TypeScript and JavaScript files under `dir`, dependencies and build output skipped. */
export function listCodeFiles(dir: string): string[] {
  return listRepoFiles(dir, (name) => CODE_FILE.test(name));
}

// A line of a comment mentions a variable, it does not read it.
function isComment(line: string): boolean {
  return /^\s*(\/\/|\/\*|\*)/.test(line);
}

/** The variables named in the first column of the Markdown tables of `markdown`. */
export function variablesInTables(markdown: string): Set<string> {
  const names = new Set<string>();
  for (const match of markdown.matchAll(/^\|\s*`([A-Z_][A-Z0-9_]*)`\s*\|/gm)) {
    if (match[1]) names.add(match[1]);
  }
  return names;
}
