/**
 * The Prometheus text exposition format 0.0.4 and OpenMetrics 1.0 text, read into samples that
 * know their metric family and its type. One strict reader for both: a line it cannot read
 * fails the whole scrape (as Prometheus does), naming the line.
 * https://prometheus.io/docs/instrumenting/exposition_formats/ and
 * https://github.com/OpenObservability/OpenMetrics/blob/main/specification/OpenMetrics.md
 */

/** Which text format a body is in, from its Content-Type. */
export type ExpositionFormat = 'text-0.0.4' | 'openmetrics';

/** Metric types of both formats (`untyped` is 0.0.4's, `unknown` OpenMetrics'). */
export type MetricType =
  | 'counter'
  | 'gauge'
  | 'histogram'
  | 'gaugehistogram'
  | 'summary'
  | 'info'
  | 'stateset'
  | 'untyped'
  | 'unknown';

/** One sample line: its name, its labels in the order written, its value and family. */
export type ExpositionSample = {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** The family named by `# TYPE` this sample belongs to, or its own name when untyped. */
  family: string;
  type: MetricType;
};

/** A body that is not the exposition format; `line` is 1-based. */
export class ExpositionError extends Error {
  constructor(
    readonly line: number,
    problem: string,
  ) {
    super(`line ${line}: ${problem}`);
    this.name = 'ExpositionError';
  }
}

const TYPES = new Set<string>([
  'counter',
  'gauge',
  'histogram',
  'gaugehistogram',
  'summary',
  'info',
  'stateset',
  'untyped',
  'unknown',
]);
/** Suffixes a sample name may add to its family's name. */
const SUFFIXES = ['_bucket', '_count', '_sum', '_total', '_created', '_gcount', '_gsum', '_info'];
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

/** The format of a scrape answer's Content-Type: OpenMetrics when it says so, else 0.0.4. */
export function formatOfContentType(contentType: string | null): ExpositionFormat {
  return /^\s*application\/openmetrics-text/i.test(contentType ?? '')
    ? 'openmetrics'
    : 'text-0.0.4';
}

/**
 * Every sample of `text`. Throws ExpositionError on the first line it cannot read; OpenMetrics
 * must end with `# EOF` and have nothing after it. Exposed timestamps and exemplars are read and
 * dropped (samples are stored at the scrape's time).
 */
export function parseExposition(text: string, format: ExpositionFormat): ExpositionSample[] {
  const types = new Map<string, MetricType>();
  const samples: ExpositionSample[] = [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  let eof = false;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    const number = i + 1;
    if (eof) throw new ExpositionError(number, 'text after # EOF');
    if (line.startsWith('#')) {
      eof = readComment(line, number, format, types);
      continue;
    }
    if (line.trim() === '') {
      if (format === 'openmetrics') throw new ExpositionError(number, 'empty line');
      continue;
    }
    samples.push(readSample(line, number, format, types));
  }
  if (format === 'openmetrics' && !eof)
    throw new ExpositionError(lines.length, 'no # EOF at the end');
  return samples;
}

/** Reads `# TYPE`, `# HELP`, `# UNIT`, `# EOF`; other comments pass. Returns whether it was EOF. */
function readComment(
  line: string,
  number: number,
  format: ExpositionFormat,
  types: Map<string, MetricType>,
): boolean {
  if (line === '# EOF') return format === 'openmetrics';
  const parts = line.split(/[ \t]+/);
  if (parts[0] !== '#' || parts[1] !== 'TYPE') return false;
  const [, , name, type] = parts;
  if (!name || !METRIC_NAME.test(name) || METRIC_NAME.exec(name)?.[0] !== name) {
    throw new ExpositionError(number, `bad metric name in # TYPE: "${(name ?? '').slice(0, 64)}"`);
  }
  if (!type || !TYPES.has(type)) {
    throw new ExpositionError(number, `unknown metric type "${(type ?? '').slice(0, 32)}"`);
  }
  if (types.has(name)) throw new ExpositionError(number, `second # TYPE for ${name}`);
  types.set(name, type as MetricType);
  return false;
}

function readSample(
  line: string,
  number: number,
  format: ExpositionFormat,
  types: Map<string, MetricType>,
): ExpositionSample {
  const name = METRIC_NAME.exec(line)?.[0];
  if (!name) throw new ExpositionError(number, `not a sample: "${line.slice(0, 64)}"`);
  let at = name.length;
  let labels: Record<string, string> = {};
  if (line[at] === '{') {
    const read = readLabels(line, at + 1, number);
    labels = read.labels;
    at = read.end;
  }
  const rest = line.slice(at);
  // OpenMetrics: `value [timestamp] [# exemplar]`; 0.0.4: `value [timestamp]`.
  const main = format === 'openmetrics' ? (rest.split(' # ')[0] ?? '') : rest;
  const fields = main.trim().split(/[ \t]+/);
  if (!/^[ \t]/.test(rest) || fields.length < 1 || fields.length > 2 || fields[0] === '') {
    throw new ExpositionError(number, `expected "${name} <value> [timestamp]"`);
  }
  const value = parseValue(fields[0] ?? '');
  if (value === undefined)
    throw new ExpositionError(number, `bad value "${(fields[0] ?? '').slice(0, 32)}"`);
  if (fields[1] !== undefined && parseValue(fields[1]) === undefined) {
    throw new ExpositionError(number, `bad timestamp "${fields[1].slice(0, 32)}"`);
  }
  const { family, type } = familyOf(name, types);
  return { name, labels, value, family, type };
}

/** Reads `a="1",b="2"}` from `start`; returns the labels and the index after `}`. */
function readLabels(
  line: string,
  start: number,
  number: number,
): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let at = start;
  for (;;) {
    while (line[at] === ' ') at++;
    if (line[at] === '}') return { labels, end: at + 1 };
    const name = LABEL_NAME.exec(line.slice(at))?.[0];
    if (!name) throw new ExpositionError(number, `bad label name at column ${at + 1}`);
    at += name.length;
    if (line[at] !== '=' || line[at + 1] !== '"') {
      throw new ExpositionError(number, `expected ="value" after label ${name}`);
    }
    at += 2;
    let value = '';
    for (;;) {
      const c = line[at];
      if (c === undefined) throw new ExpositionError(number, `unterminated value of label ${name}`);
      at++;
      if (c === '"') break;
      if (c !== '\\') {
        value += c;
        continue;
      }
      const e = line[at++];
      if (e === 'n') value += '\n';
      else if (e === '\\' || e === '"') value += e;
      else throw new ExpositionError(number, `bad escape \\${e ?? ''} in label ${name}`);
    }
    if (Object.hasOwn(labels, name)) throw new ExpositionError(number, `label ${name} twice`);
    labels[name] = value;
    while (line[at] === ' ') at++;
    if (line[at] === ',') at++;
    else if (line[at] !== '}')
      throw new ExpositionError(number, `expected , or } after label ${name}`);
  }
}

/** A Go-style float: digits, `NaN`, `+Inf`, `-Inf`, `Inf`; undefined when it is none. */
export function parseValue(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (lower === 'nan') return Number.NaN;
  if (lower === '+inf' || lower === 'inf') return Number.POSITIVE_INFINITY;
  if (lower === '-inf') return Number.NEGATIVE_INFINITY;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/** The family of a sample name: its own `# TYPE`, else its name less a type's suffix. */
function familyOf(
  name: string,
  types: Map<string, MetricType>,
): { family: string; type: MetricType } {
  const own = types.get(name);
  if (own) return { family: name, type: own };
  for (const suffix of SUFFIXES) {
    if (!name.endsWith(suffix)) continue;
    const base = name.slice(0, -suffix.length);
    const type = types.get(base);
    if (type) return { family: base, type };
  }
  return { family: name, type: 'untyped' };
}
