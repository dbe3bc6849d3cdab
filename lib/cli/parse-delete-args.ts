// Relative imports of single protocol files: the bin runs through tsx without the bundler.
import { parseSeriesKey } from '../protocol/series-key-parse';
import { usageError } from './cli-error';
import type { HelpCommand } from './parse-push-args';
import { resolveUrl } from './server-url';
import { splitArgs } from './split-args';

/** A validated `pulseboard delete`: which series, on which server. */
export type DeleteCommand = {
  kind: 'delete';
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:3000`. */
  url: string;
  series: string;
};

/**
 * Parses the arguments after `delete` (`<series> [--url URL]`, also `--url=URL`) and the
 * environment (PULSEBOARD_URL). Throws a usage CliError (exit code 2) naming the first problem;
 * nothing is sent then.
 */
export function parseDeleteArgs(
  args: readonly string[],
  env: Record<string, string | undefined>,
): DeleteCommand | HelpCommand {
  const split = splitArgs(args, ['url']);
  if (split.kind === 'help') return split;
  const { positionals, options } = split;
  const [series, extra] = positionals;
  if (series === undefined) throw usageError('missing <series>');
  if (extra !== undefined) throw usageError(`unexpected argument "${extra}"`);
  // A series key: a name, or name{label="value",...} (lib/protocol/series-key.ts).
  const parsed = parseSeriesKey(series);
  if ('problem' in parsed) throw usageError(`series "${series}" is invalid: ${parsed.problem}`);
  return { kind: 'delete', url: resolveUrl(options.url, env.PULSEBOARD_URL), series: parsed.key };
}
