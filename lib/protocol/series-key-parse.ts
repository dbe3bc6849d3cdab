import { SERIES_NAME_PATTERN } from './ingest-rules';
import {
  formatSeriesKey,
  type ParsedSeriesKey,
  type SeriesLabels,
  seriesProblem,
} from './series-key';

/** A key that could not be read: why, naming the label when a label is the problem. */
export type SeriesKeyProblem = { problem: string };

/**
 * Reads a series key as a person or a script writes it (`cpu{host="a",core="0"}`: labels in any
 * order, spaces around the braces, commas and `=` allowed, a trailing comma allowed) and checks
 * it; the answer holds the canonical key. A problem otherwise, naming the label.
 */
export function parseSeriesKey(text: string): ParsedSeriesKey | SeriesKeyProblem {
  const scanned = scanKey(text.trim(), 0);
  if ('problem' in scanned) return scanned;
  if (scanned.end !== text.trim().length) return notAKey(text);
  return scanned.key;
}

/**
 * Reads a comma-separated list of series keys (`?series=a,cpu{host="x",core="0"}`): a comma
 * inside the braces belongs to the key. Empty items are skipped; a problem names the first bad
 * key.
 */
export function parseSeriesKeyList(text: string): ParsedSeriesKey[] | SeriesKeyProblem {
  const keys: ParsedSeriesKey[] = [];
  let at = 0;
  while (at < text.length) {
    at = skipSpaces(text, at);
    if (text[at] === ',' || at >= text.length) {
      at++;
      continue;
    }
    const scanned = scanKey(text, at);
    if ('problem' in scanned) return scanned;
    keys.push(scanned.key);
    const next = skipSpaces(text, scanned.end);
    if (next < text.length && text[next] !== ',') {
      const end = text.indexOf(',', next);
      return notAKey(text.slice(at, end === -1 ? undefined : end));
    }
    at = next + 1;
  }
  return keys;
}

/** Whether `text` is a series key written canonically (what the store holds). */
export function isCanonicalSeriesKey(text: string): boolean {
  const parsed = parseSeriesKey(text);
  return !('problem' in parsed) && parsed.key === text;
}

type Scanned = { key: ParsedSeriesKey; end: number } | SeriesKeyProblem;

const METRIC_CHAR = /[A-Za-z0-9_.:-]/;
const LABEL_CHAR = /[A-Za-z0-9_]/;

function scanKey(text: string, start: number): Scanned {
  let at = start;
  while (at < text.length && METRIC_CHAR.test(text[at] ?? '')) at++;
  const metric = text.slice(start, at);
  if (metric === '') return notAKey(text.slice(start));
  const labels: SeriesLabels = {};
  if (text[at] === '{') {
    const read = scanLabels(text, at + 1, labels, metric);
    if (typeof read !== 'number') return read;
    at = read;
  }
  const problem = seriesProblem(metric, labels);
  if (problem) return { problem };
  return { key: { key: formatSeriesKey(metric, labels), metric, labels }, end: at };
}

/** Reads `name="value",…}` into `labels`; the position after `}`, or a problem. */
function scanLabels(
  text: string,
  start: number,
  labels: SeriesLabels,
  metric: string,
): number | SeriesKeyProblem {
  const fail = (why: string): SeriesKeyProblem => ({
    problem: `series key of "${metric}": ${why}`,
  });
  let at = skipSpaces(text, start);
  while (text[at] !== '}') {
    const nameStart = at;
    while (at < text.length && LABEL_CHAR.test(text[at] ?? '')) at++;
    const name = text.slice(nameStart, at);
    if (name === '') return fail(`expected a label name at "${shown(text.slice(at))}"`);
    at = skipSpaces(text, at);
    if (text[at] !== '=') return fail(`label "${name}" must be followed by =`);
    at = skipSpaces(text, at + 1);
    if (text[at] !== '"') return fail(`label "${name}" value must be in double quotes`);
    const value = scanQuoted(text, at + 1);
    if (typeof value === 'string') return fail(`label "${name}" ${value}`);
    if (Object.hasOwn(labels, name)) return fail(`label "${name}" is given twice`);
    labels[name] = value.value;
    at = skipSpaces(text, value.end);
    if (text[at] === ',') at = skipSpaces(text, at + 1);
    else if (text[at] !== '}') return fail(`expected "," or "}" after label "${name}"`);
  }
  return at + 1;
}

/** A quoted value from after its opening quote: the value and the position after the closing one. */
function scanQuoted(text: string, start: number): { value: string; end: number } | string {
  let value = '';
  for (let at = start; at < text.length; at++) {
    const c = text[at];
    if (c === '"') return { value, end: at + 1 };
    if (c !== '\\') {
      value += c;
      continue;
    }
    const next = text[++at];
    if (next === 'n') value += '\n';
    else if (next === '\\' || next === '"') value += next;
    else return `value has an unknown escape "\\${next ?? ''}" (only \\\\, \\" and \\n)`;
  }
  return 'value has no closing quote';
}

function notAKey(text: string): SeriesKeyProblem {
  return {
    problem: `series key "${shown(text.trim())}" must be a series name (${SERIES_NAME_PATTERN.source}) or name{label="value",…}`,
  };
}

function skipSpaces(text: string, at: number): number {
  let i = at;
  while (text[i] === ' ') i++;
  return i;
}

function shown(text: string): string {
  return text.slice(0, 64);
}
