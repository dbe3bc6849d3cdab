/**
 * The InfluxDB line protocol (https://docs.influxdata.com/influxdb/v2/reference/syntax/line-protocol/):
 *
 *     measurement[,tag=value...] field=value[,field=value...] [timestamp]
 *
 * Lines end with `\n` (a `\r` before it is dropped); blank lines and lines starting with `#`
 * are skipped. In the measurement, `\,` and `\ ` are a comma and a space; in tag keys, tag
 * values and field keys `\=` is an equals sign too; a backslash before any other character is
 * itself. A field value is a float (`1`, `-1.5e3`), an integer (`1i`), an unsigned integer
 * (`1u`), a boolean (`t`, `T`, `true`, `True`, `TRUE`, `f`, `F`, `false`, `False`, `FALSE`) or a
 * double-quoted string (`\"` and `\\` escaped; it may hold a line feed). The timestamp is a
 * whole number in the write's precision.
 */

/** One field value as written: its type, and its number (booleans as 1 and 0). */
export type FieldValue =
  | { type: 'float' | 'integer' | 'unsigned' | 'boolean'; value: number }
  | { type: 'string'; value: string };

/** One parsed line; `timestamp` is the raw whole number, absent when the line has none. */
export type ProtocolLine = {
  /** 1-based line number in the body. */
  line: number;
  measurement: string;
  tags: [string, string][];
  fields: [string, FieldValue][];
  timestamp?: bigint;
};

/** A line that breaks the syntax: its 1-based number and why. */
export class LineProtocolError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

/** Parses a whole body; throws LineProtocolError naming the first bad line. */
export function parseLineProtocol(text: string): ProtocolLine[] {
  const lines: ProtocolLine[] = [];
  const cursor = { text, at: 0, line: 1 };
  while (cursor.at < text.length) {
    const parsed = parseLine(cursor);
    if (parsed) lines.push(parsed);
  }
  return lines;
}

type Cursor = { text: string; at: number; line: number };

const MEASUREMENT_ESCAPES = ', \\';
const KEY_ESCAPES = ',= \\';
const BOOLEANS: Record<string, number> = {
  t: 1,
  T: 1,
  true: 1,
  True: 1,
  TRUE: 1,
  f: 0,
  F: 0,
  false: 0,
  False: 0,
  FALSE: 0,
};
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+i$/;
const UNSIGNED = /^\d+u$/;
const TIMESTAMP = /^-?\d{1,19}$/;

/** One line from `cursor.at`, leaving the cursor after its `\n`; null for a blank or comment. */
function parseLine(c: Cursor): ProtocolLine | null {
  const lineNumber = c.line;
  const fail = (reason: string): never => {
    throw new LineProtocolError(lineNumber, reason);
  };
  skipSpaces(c);
  if (atLineEnd(c) || c.text[c.at] === '#') {
    skipToNextLine(c);
    return null;
  }
  const measurement = readToken(c, MEASUREMENT_ESCAPES, ', ');
  if (measurement === '') fail('the measurement is missing');
  const tags: [string, string][] = [];
  while (c.text[c.at] === ',') {
    c.at++;
    const key = readToken(c, KEY_ESCAPES, ',= ');
    if (key === '') fail('a tag key is missing');
    if (c.text[c.at] !== '=') fail(`tag "${key}" has no "=" and value`);
    c.at++;
    const value = readToken(c, KEY_ESCAPES, ', ');
    if (value === '') fail(`tag "${key}" has an empty value`);
    tags.push([key, value]);
  }
  if (c.text[c.at] !== ' ') fail('expected a space and the fields after the measurement and tags');
  skipSpaces(c);
  const fields: [string, FieldValue][] = [];
  do {
    if (fields.length > 0) c.at++;
    const key = readToken(c, KEY_ESCAPES, ',= ');
    if (key === '') fail('a field key is missing');
    if (c.text[c.at] !== '=') fail(`field "${key}" has no "=" and value`);
    c.at++;
    fields.push([key, readFieldValue(c, key, fail)]);
  } while (c.text[c.at] === ',');
  const line: ProtocolLine = { line: lineNumber, measurement, tags, fields };
  skipSpaces(c);
  if (!atLineEnd(c)) {
    const start = c.at;
    while (!atLineEnd(c) && c.text[c.at] !== ' ') c.at++;
    const raw = c.text.slice(start, c.at);
    if (!TIMESTAMP.test(raw)) fail(`the timestamp "${raw.slice(0, 32)}" is not a whole number`);
    line.timestamp = BigInt(raw);
    skipSpaces(c);
    if (!atLineEnd(c)) fail('unexpected text after the timestamp');
  }
  skipToNextLine(c);
  return line;
}

function readFieldValue(c: Cursor, key: string, fail: (reason: string) => never): FieldValue {
  if (c.text[c.at] === '"') return { type: 'string', value: readQuoted(c, key, fail) };
  const start = c.at;
  while (!atLineEnd(c) && c.text[c.at] !== ',' && c.text[c.at] !== ' ') c.at++;
  const raw = c.text.slice(start, c.at);
  if (raw === '') fail(`field "${key}" has no value`);
  const bool = BOOLEANS[raw];
  if (bool !== undefined) return { type: 'boolean', value: bool };
  if (INTEGER.test(raw)) return { type: 'integer', value: Number(raw.slice(0, -1)) };
  if (UNSIGNED.test(raw)) return { type: 'unsigned', value: Number(raw.slice(0, -1)) };
  if (FLOAT.test(raw)) {
    const value = Number(raw);
    if (Number.isFinite(value)) return { type: 'float', value };
  }
  return fail(
    `field "${key}" has the value "${raw.slice(0, 32)}", which is not a number, a boolean or a quoted string`,
  );
}

/** A double-quoted string field from its opening quote: `\"` and `\\` escaped. */
function readQuoted(c: Cursor, key: string, fail: (reason: string) => never): string {
  let value = '';
  for (c.at++; c.at < c.text.length; c.at++) {
    const ch = c.text[c.at] as string;
    if (ch === '"') {
      c.at++;
      return value;
    }
    if (ch === '\n') c.line++;
    if (ch === '\\' && (c.text[c.at + 1] === '"' || c.text[c.at + 1] === '\\')) {
      value += c.text[++c.at];
    } else value += ch;
  }
  return fail(`the string of field "${key}" has no closing quote`);
}

/** Characters up to one of `stops` (unescaped) or the line end; `\x` is `x` for x in `escapes`. */
function readToken(c: Cursor, escapes: string, stops: string): string {
  let token = '';
  while (!atLineEnd(c)) {
    const ch = c.text[c.at] as string;
    if (ch === '\\' && c.at + 1 < c.text.length && escapes.includes(c.text[c.at + 1] as string)) {
      token += c.text[c.at + 1];
      c.at += 2;
      continue;
    }
    if (stops.includes(ch)) break;
    token += ch;
    c.at++;
  }
  return token;
}

function atLineEnd(c: Cursor): boolean {
  const ch = c.text[c.at];
  return ch === undefined || ch === '\n' || (ch === '\r' && c.text[c.at + 1] === '\n');
}

function skipSpaces(c: Cursor): void {
  while (c.text[c.at] === ' ' || c.text[c.at] === '\t') c.at++;
}

function skipToNextLine(c: Cursor): void {
  const end = c.text.indexOf('\n', c.at);
  c.at = end === -1 ? c.text.length : end + 1;
  c.line++;
}
