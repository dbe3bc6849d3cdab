import { SERIES_NAME_PATTERN } from './ingest-rules';

/**
 * Series keys: a series is a metric name plus a set of labels, written the Prometheus way with
 * the labels sorted by name, `http_requests:rate{code="200",job="api"}`; a series without labels
 * keeps its bare name as its key. The one definition of the key for the server, the CLI and the
 * page (docs/protocol.md#series-keys).
 */

/** Label names: Prometheus rules, a letter or `_`, then letters, digits and `_`. */
export const LABEL_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Longest label name, in characters. */
export const LABEL_NAME_MAX_CHARS = 128;
/** Longest label value, in characters (code points); an empty value is refused. */
export const LABEL_VALUE_MAX_CHARS = 256;
/** Most labels one series may have. */
export const LABELS_MAX = 16;
/**
 * Longest series key, in UTF-8 bytes, as written canonically (escapes included). It bounds what
 * a series costs in every event and answer that names it: the stream's bounded snapshot is sized
 * from it (lib/stream/snapshot-limits.ts).
 */
export const SERIES_KEY_MAX_BYTES = 512;

/** Labels of a series: name to value. */
export type SeriesLabels = Record<string, string>;

/** A series key read and checked: the canonical key, its metric name and its labels. */
export type ParsedSeriesKey = { key: string; metric: string; labels: SeriesLabels };

/**
 * Control characters other than a line feed, lone surrogates and bidi controls: they cannot be
 * written as UTF-8 or would hide or reorder the text of a key where the page shows it.
 */
const UNSAFE_VALUE_CHAR =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\p{Cs}/u;

/** The problem of one label, naming it; undefined when it is fine. */
export function labelProblem(name: string, value: unknown): string | undefined {
  const shown = name.slice(0, 64);
  if (name.length > LABEL_NAME_MAX_CHARS) {
    return `label name "${shown}" must be at most ${LABEL_NAME_MAX_CHARS} characters`;
  }
  if (!LABEL_NAME_PATTERN.test(name)) {
    return `label name "${shown}" must match ${LABEL_NAME_PATTERN.source}`;
  }
  if (typeof value !== 'string') return `label "${shown}" must have a string value`;
  if (value === '') return `label "${shown}" must not have an empty value`;
  if ([...value].length > LABEL_VALUE_MAX_CHARS) {
    return `label "${shown}" value must be at most ${LABEL_VALUE_MAX_CHARS} characters`;
  }
  const unsafe = UNSAFE_VALUE_CHAR.exec(value);
  if (unsafe) {
    const code = (unsafe[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    return `label "${shown}" value must not contain U+${code}`;
  }
  return undefined;
}

/**
 * The problem of a metric name and its labels as one series (a label, the count, the key's
 * length), naming what is wrong; undefined when they make a valid series.
 */
export function seriesProblem(metric: string, labels: Readonly<SeriesLabels>): string | undefined {
  if (!SERIES_NAME_PATTERN.test(metric)) {
    return `series name "${metric.slice(0, 64)}" must match ${SERIES_NAME_PATTERN.source}`;
  }
  const names = Object.keys(labels);
  if (names.length > LABELS_MAX)
    return `a series has at most ${LABELS_MAX} labels, got ${names.length}`;
  for (const name of names) {
    const problem = labelProblem(name, labels[name]);
    if (problem) return problem;
  }
  const bytes = utf8Length(formatSeriesKey(metric, labels));
  if (bytes > SERIES_KEY_MAX_BYTES) {
    return `series key of "${metric}" is ${bytes} bytes; at most ${SERIES_KEY_MAX_BYTES} (SERIES_KEY_MAX_BYTES)`;
  }
  return undefined;
}

/** The key of a series: the bare name without labels, else `name{a="1",b="2"}` sorted by name. */
export function formatSeriesKey(metric: string, labels: Readonly<SeriesLabels> = {}): string {
  const names = Object.keys(labels).sort(compareText);
  if (names.length === 0) return metric;
  const pairs = names.map((n) => `${n}="${escapeLabelValue(labels[n] ?? '')}"`);
  return `${metric}{${pairs.join(',')}}`;
}

/** The labels as canonical JSON: keys sorted by name (what the store keeps beside the key). */
export function canonicalLabelsJson(labels: Readonly<SeriesLabels>): string {
  const sorted: SeriesLabels = {};
  for (const name of Object.keys(labels).sort(compareText)) sorted[name] = labels[name] ?? '';
  return JSON.stringify(sorted);
}

/** A label value escaped the Prometheus way: `\` as `\\`, `"` as `\"`, a line feed as `\n`. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Bytes of `text` in UTF-8 (isomorphic: no Buffer). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}
