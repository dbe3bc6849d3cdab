import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { listRepoFiles } from './repo-files';

/** A relative link of a Markdown file whose target does not resolve. */
export type BrokenLink = { file: string; line: number; target: string; reason: string };
/** A link as written in a Markdown file. */
export type DocLink = { line: number; target: string };

const INLINE_LINK = /\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const REFERENCE_DEFINITION = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/;
const FENCE = /^\s{0,3}(```|~~~)/;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** The `.md` files under `root`, relative to it, sorted. */
export function listMarkdownFiles(root: string): string[] {
  return listRepoFiles(root, (name) => name.endsWith('.md')).map((file) =>
    path.relative(root, file),
  );
}

/** The link targets of `markdown` (inline links, images, reference definitions), code excluded. */
export function linksIn(markdown: string): DocLink[] {
  const links: DocLink[] = [];
  let fenced = false;
  let previous = '';
  markdown.split('\n').forEach((raw, index) => {
    if (FENCE.test(raw)) fenced = !fenced;
    else if (!fenced) links.push(...linksOfLine(raw, index + 1, previous.trim() === ''));
    previous = raw;
  });
  return links;
}

function linksOfLine(raw: string, line: number, afterBlank: boolean): DocLink[] {
  const links: DocLink[] = [];
  const text = raw.replace(/`[^`]*`/g, (code) => ' '.repeat(code.length));
  for (const match of text.matchAll(INLINE_LINK)) {
    if (match[1]) links.push({ line, target: match[1] });
  }
  // A reference definition cannot interrupt a paragraph: `[X]: text` inside one is prose.
  const definition = afterBlank ? REFERENCE_DEFINITION.exec(text) : null;
  if (definition?.[1]) links.push({ line, target: definition[1] });
  return links;
}

/** The anchors GitHub gives the headings of `markdown` (plus explicit `<a id>`/`<a name>`). */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (FENCE.test(line)) fenced = !fenced;
    for (const match of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(match[1] ?? '');
    const heading = fenced ? null : /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = slugOf(heading[1] ?? '');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** GitHub's anchor for a heading's text: lower case, punctuation dropped, spaces to hyphens. */
export function slugOf(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/**
 * Every relative link of the Markdown files under `root` whose file does not exist, or whose
 * `#anchor` names no heading of the Markdown file it points to. Links with a scheme (https:,
 * mailto:) and site paths (`/login`) are not checked.
 */
export function findBrokenLinks(root: string): BrokenLink[] {
  const broken: BrokenLink[] = [];
  const anchorCache = new Map<string, Set<string>>();
  const anchors = (file: string) => {
    if (!anchorCache.has(file)) anchorCache.set(file, anchorsOf(readFileSync(file, 'utf8')));
    return anchorCache.get(file) ?? new Set<string>();
  };
  for (const file of listMarkdownFiles(root)) {
    const source = path.join(root, file);
    for (const { line, target } of linksIn(readFileSync(source, 'utf8'))) {
      if (HAS_SCHEME.test(target) || target.startsWith('/')) continue;
      const [pathPart = '', fragment] = target.split('#', 2);
      const resolved = pathPart ? path.resolve(path.dirname(source), decodeURI(pathPart)) : source;
      const where = { file, line, target };
      if (!existsSync(resolved)) {
        broken.push({ ...where, reason: `no file ${path.relative(root, resolved)}` });
      } else if (fragment && resolved.endsWith('.md') && !anchors(resolved).has(fragment)) {
        broken.push({ ...where, reason: `no heading #${fragment}` });
      }
    }
  }
  return broken;
}
