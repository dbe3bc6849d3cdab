// Relative imports of single protocol files: the bin runs through tsx without the bundler, and
// the CLI needs none of zod.
import { displayTextProblem } from '../protocol/display-text';
import { SERIES_NAME_PATTERN, SERIES_UNIT_MAX_CHARS } from '../protocol/ingest-rules';
import { guessTimestampUnit } from '../protocol/sample-timestamps';
import { usageError } from './cli-error';
import { resolveUrl } from './server-url';
import { splitArgs } from './split-args';

/** Most digits of `--ts` read (a nanosecond timestamp has 19; the server judges the value). */
const TS_MAX_DIGITS = 19;

/** One sample as `POST /api/metrics` takes it. */
export type SampleArg = { series: string; value: number; ts?: number; unit?: string };

/** A validated `pulseboard push`: where to send which sample, and with which token. */
export type PushCommand = {
  kind: 'push';
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** INGEST_TOKEN, sent as a Bearer token; undefined when unset or blank. */
  token: string | undefined;
  sample: SampleArg;
};

/** `--help` was asked for. */
export type HelpCommand = { kind: 'help' };

const OPTION_NAMES = ['unit', 'ts', 'url'] as const;
/** A decimal number as people type it: no hex, no `Infinity`, no blanks. */
const NUMBER_SYNTAX = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses the arguments after `push` (`<series> <value> [--unit U] [--ts MS] [--url URL]`,
 * options also as `--name=value`) and the environment (PULSEBOARD_URL, INGEST_TOKEN).
 * Throws a usage CliError (exit code 2) naming the first problem; nothing is sent then. A `--ts`
 * that looks like seconds, microseconds or nanoseconds next to `nowMs` is such a problem;
 * whether a millisecond `--ts` is in the server's window (INGEST_MAX_FUTURE_MS,
 * RETENTION_RAW_HOURS) only the server knows: it answers `400 bad_timestamp` (exit code 1).
 */
export function parsePushArgs(
  args: readonly string[],
  env: Record<string, string | undefined>,
  nowMs = Date.now(),
): PushCommand | HelpCommand {
  const split = splitArgs(args, OPTION_NAMES);
  if (split.kind === 'help') return split;
  const { positionals, options } = split;
  const [series, value] = readPositionals(positionals);
  const sample: SampleArg = { series: parseSeries(series), value: parseValue(value) };
  if (options.unit !== undefined) sample.unit = parseUnit(options.unit);
  if (options.ts !== undefined) sample.ts = parseTs(options.ts, nowMs);
  return {
    kind: 'push',
    url: resolveUrl(options.url, env.PULSEBOARD_URL),
    token: tokenOf(env),
    sample,
  };
}

function readPositionals(positionals: string[]): [string, string] {
  const [series, value, extra] = positionals;
  if (series === undefined) throw usageError('missing <series> and <value>');
  if (value === undefined) throw usageError('missing <value>');
  if (extra !== undefined) throw usageError(`unexpected argument "${extra}"`);
  return [series, value];
}

function parseSeries(series: string): string {
  if (SERIES_NAME_PATTERN.test(series)) return series;
  throw usageError(`series "${series}" is invalid: use 1 to 128 characters of A-Z a-z 0-9 _ . : -`);
}

function parseValue(text: string): number {
  const value = NUMBER_SYNTAX.test(text) ? Number(text) : Number.NaN;
  if (Number.isFinite(value)) return value;
  throw usageError(`value "${text}" is not a finite number`);
}

function parseUnit(unit: string): string {
  if (unit.length < 1 || unit.length > SERIES_UNIT_MAX_CHARS) {
    throw usageError(`--unit must be 1 to ${SERIES_UNIT_MAX_CHARS} characters, got "${unit}"`);
  }
  const problem = displayTextProblem(unit);
  // Not echoed: it may carry the very characters refused.
  if (problem !== undefined) throw usageError(`--unit: ${problem}`);
  return unit;
}

function parseTs(text: string, nowMs: number): number {
  if (!new RegExp(`^\\d{1,${TS_MAX_DIGITS}}$`).test(text)) {
    throw usageError(`--ts must be whole milliseconds since the epoch, got "${text}"`);
  }
  const ts = Number(text);
  const guess = guessTimestampUnit(ts, nowMs);
  if (guess) {
    throw usageError(
      `--ts ${text} looks like ${guess.unit} (${guess.command}); send milliseconds (date +%s%3N)`,
    );
  }
  return ts;
}

function tokenOf(env: Record<string, string | undefined>): string | undefined {
  const token = env.INGEST_TOKEN?.trim();
  return token ? token : undefined;
}
