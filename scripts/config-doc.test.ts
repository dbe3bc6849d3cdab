import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { envSchema } from '../lib/env';
import {
  CONFIG_DOC_PATH,
  envRows,
  GENERATED_BEGIN,
  GENERATED_END,
  generateConfigDoc,
  renderEnvTable,
  spliceGenerated,
} from './config-doc';
import type { EnvDocComment } from './env-doc-comments';

const ROOT = path.resolve(import.meta.dirname, '..');

const comments = (entries: Record<string, string[]>) =>
  new Map<string, EnvDocComment[]>(
    Object.entries(entries).map(([name, texts]) => [
      name,
      texts.map((text) => ({ text, file: 'lib/x.ts' })),
    ]),
  );

describe('docs/configuration.md', () => {
  const committed = readFileSync(path.join(ROOT, CONFIG_DOC_PATH), 'utf8');

  it('is what `npm run docs:config` writes from the env schema', () => {
    // On failure: run `npm run docs:config` and commit docs/configuration.md.
    expect(generateConfigDoc(ROOT, committed)).toBe(committed);
  });

  it('lists every variable of the schema in its table', () => {
    const table = committed.slice(
      committed.indexOf(GENERATED_BEGIN),
      committed.indexOf(GENERATED_END),
    );
    for (const name of Object.keys(envSchema.shape)) expect(table).toContain(`| \`${name}\` |`);
  });
});

describe('envRows', () => {
  it('reads type, range and default from the schema and the text from the TSDoc', () => {
    const schema = z.object({
      SIZE_MS: z.coerce.number().int().min(10).max(500).default(100),
      CAP_BYTES: z.coerce.number().int().min(4096).optional(),
      MODE: z.enum(['a', 'b']).default('a'),
      NAME: z.string().min(1),
      SECRET: z.string().optional(),
    });
    const docs = comments({
      SIZE_MS: ['A size.'],
      CAP_BYTES: ['A cap.'],
      MODE: ['A mode.'],
      NAME: ['A name.'],
      SECRET: ['A secret.'],
    });
    expect(envRows(schema, docs)).toEqual([
      { name: 'SIZE_MS', type: 'integer, 10 to 500', default: '`100`', description: 'A size.' },
      {
        name: 'CAP_BYTES',
        type: 'integer, at least 4096',
        default: 'unset',
        description: 'A cap.',
      },
      { name: 'MODE', type: 'one of `a`, `b`', default: '`a`', description: 'A mode.' },
      { name: 'NAME', type: 'text', default: 'required', description: 'A name.' },
      { name: 'SECRET', type: 'text', default: 'unset', description: 'A secret.' },
    ]);
  });

  it('takes a zod .describe() text when there is no TSDoc', () => {
    const schema = z.object({ X: z.string().optional().describe('Described.') });
    expect(envRows(schema, comments({}))[0]?.description).toBe('Described.');
  });

  it('refuses a variable without a description, naming it', () => {
    const schema = z.object({ DOCUMENTED: z.string(), NEW_VARIABLE: z.string() });
    expect(() => envRows(schema, comments({ DOCUMENTED: ['Yes.'] }))).toThrowError(
      /NEW_VARIABLE has no description/,
    );
  });

  it('refuses two different descriptions of one variable', () => {
    const schema = z.object({ X: z.string() });
    expect(() => envRows(schema, comments({ X: ['One.', 'Two.'] }))).toThrowError(
      /X has 2 different descriptions/,
    );
  });
});

describe('renderEnvTable and spliceGenerated', () => {
  const table = renderEnvTable([
    { name: 'A', type: 'one of `x`, `y`', default: 'unset', description: 'a | b' },
  ]);

  it('escapes pipes inside cells', () => {
    expect(table.split('\n')[2]).toBe('| `A` | one of `x`, `y` | unset | a \\| b |');
  });

  it('replaces only what lies between the markers, and is stable', () => {
    const page = `# Title\n\n${GENERATED_BEGIN}\nold table\n${GENERATED_END}\n\nProse.\n`;
    const once = spliceGenerated(page, table);
    expect(once).toBe(`# Title\n\n${GENERATED_BEGIN}\n${table}\n${GENERATED_END}\n\nProse.\n`);
    expect(spliceGenerated(once, table)).toBe(once);
  });

  it('refuses a page without the markers', () => {
    expect(() => spliceGenerated('# Title\n', table)).toThrowError(/generated block is missing/);
  });
});
