/**
 * `npm run docs:config`: rewrites the variable table of docs/configuration.md from the env
 * schema (lib/env.ts) and its TSDoc. With `--check` it writes nothing and exits 1 when the
 * committed file is out of date (scripts/config-doc.test.ts makes the same check in the tests).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_DOC_PATH, generateConfigDoc } from './config-doc';

const root = path.resolve(import.meta.dirname, '..');
const file = path.join(root, CONFIG_DOC_PATH);
const current = readFileSync(file, 'utf8');
const next = generateConfigDoc(root, current);

if (process.argv.includes('--check')) {
  if (next !== current) {
    console.error(`${CONFIG_DOC_PATH} is out of date: run npm run docs:config`);
    process.exitCode = 1;
  } else {
    console.log(`${CONFIG_DOC_PATH} is up to date`);
  }
} else if (next === current) {
  console.log(`${CONFIG_DOC_PATH} is up to date`);
} else {
  writeFileSync(file, next);
  console.log(`wrote ${CONFIG_DOC_PATH}`);
}
