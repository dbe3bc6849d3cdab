// Relative imports of single protocol files: the bin runs through tsx without the bundler.
import { parseSeriesKey } from '../protocol/series-key-parse';
import { usageError } from './cli-error';
import type { HelpCommand } from './parse-push-args';
import { resolveUrl } from './server-url';

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
  const positionals: string[] = [];
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (arg === '--url' || arg.startsWith('--url=')) {
      if (url !== undefined) throw usageError('--url is given twice');
      const inline = arg.startsWith('--url=') ? arg.slice('--url='.length) : undefined;
      const next = args[i + 1];
      if (inline === undefined && (next === undefined || next.startsWith('--'))) {
        throw usageError('--url needs a value');
      }
      url = inline ?? (next as string);
      if (inline === undefined) i++;
    } else if (/^--?[A-Za-z]/.test(arg)) {
      throw usageError(`unknown option ${arg.split('=')[0]}`);
    } else {
      positionals.push(arg);
    }
  }
  const [series, extra] = positionals;
  if (series === undefined) throw usageError('missing <series>');
  if (extra !== undefined) throw usageError(`unexpected argument "${extra}"`);
  // A series key: a name, or name{label="value",...} (lib/protocol/series-key.ts).
  const parsed = parseSeriesKey(series);
  if ('problem' in parsed) throw usageError(`series "${series}" is invalid: ${parsed.problem}`);
  return { kind: 'delete', url: resolveUrl(url, env.PULSEBOARD_URL), series: parsed.key };
}
