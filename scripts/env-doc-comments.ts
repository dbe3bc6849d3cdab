import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Where a variable's TSDoc was found. */
export type EnvDocComment = { text: string; file: string };

const VARIABLE_NAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * The TSDoc of every UPPER_CASE property of a `z.object({...})` literal in the `.ts` files
 * under `dir` (tests excluded), keyed by property name: the description each env variable
 * carries beside its schema entry. Schemas spread into envSchema (`...logEnvSchema.shape`) are
 * found in their own files, so no list of files or variables is kept by hand.
 */
export function readEnvDocComments(dir: string, root = dir): Map<string, EnvDocComment[]> {
  const found = new Map<string, EnvDocComment[]>();
  for (const file of listSourceFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('z.object(')) continue;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    visit(source, (name, comment) => {
      const entry = { text: comment, file: path.relative(root, file) };
      found.set(name, [...(found.get(name) ?? []), entry]);
    });
  }
  return found;
}

/** The text of a `/** ... *\/` comment on one line: stars and `{@link}` braces removed. */
export function flattenDocComment(raw: string): string {
  return raw
    .replace(/^\/\*\*/, '')
    .replace(/\*\/$/, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\*\s?/, '').trim())
    .join(' ')
    .replace(/\{@link\s+([^}|\s]+)(?:\s*\|\s*([^}]+))?\}/g, (_m, target, label) => label ?? target)
    .replace(/\s+/g, ' ')
    .trim();
}

function visit(node: ts.Node, onProperty: (name: string, comment: string) => void): void {
  if (isZodObjectCall(node)) {
    const [shape] = node.arguments;
    if (shape && ts.isObjectLiteralExpression(shape)) {
      for (const property of shape.properties) {
        if (!ts.isPropertyAssignment(property) || !ts.isIdentifier(property.name)) continue;
        const name = property.name.text;
        const comment = leadingDocComment(property);
        if (VARIABLE_NAME.test(name) && comment !== undefined) onProperty(name, comment);
      }
    }
  }
  ts.forEachChild(node, (child) => visit(child, onProperty));
}

function isZodObjectCall(node: ts.Node): node is ts.CallExpression {
  return (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    node.expression.name.text === 'object' &&
    ts.isIdentifier(node.expression.expression) &&
    node.expression.expression.text === 'z'
  );
}

function leadingDocComment(node: ts.Node): string | undefined {
  const text = node.getSourceFile().getFullText();
  const ranges = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
  const docs = ranges.map((r) => text.slice(r.pos, r.end)).filter((c) => c.startsWith('/**'));
  const last = docs.at(-1);
  return last === undefined ? undefined : flattenDocComment(last);
}

function listSourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listSourceFiles(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) files.push(full);
  }
  return files.sort();
}
