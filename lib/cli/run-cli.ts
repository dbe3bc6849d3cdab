import { SERIES_UNIT_MAX_CHARS } from '../protocol/ingest-rules';
import { runAnnotateCommand } from './annotate-command';
import { CliError, EXIT_USAGE } from './cli-error';
import { deleteSeries } from './delete-series';
import { parseDeleteArgs } from './parse-delete-args';
import { parsePushArgs } from './parse-push-args';
import { type PushResult, pushSample } from './push-sample';
import { DEFAULT_URL } from './server-url';
import { runSessionsCommand } from './sessions-command';

/** Where the CLI writes its lines (process.stdout/stderr in bin/, arrays in tests). */
export type CliIo = {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
};

/** How a push reaches the server (the real `pushSample`, or a fake in tests). */
export type Pusher = typeof pushSample;
/** How a delete reaches the server (the real `deleteSeries`, or a fake in tests). */
export type Deleter = typeof deleteSeries;

/** `pulseboard --help`, `pulseboard push --help` and `pulseboard delete --help`. */
export const USAGE = `Usage: pulseboard push <series> <value> [--unit U] [--ts MS] [--url URL]
       pulseboard delete <series> [--url URL]

push: pushes one sample to a running Pulseboard through POST /api/metrics.

  <series>     series name: 1 to 128 characters of A-Z a-z 0-9 _ . : -
  <value>      a finite number; a negative one works too: pulseboard push temp -3.5
  --unit U     unit label of the series, 1 to ${SERIES_UNIT_MAX_CHARS} characters (ms, %, jobs, ...);
               no control, bidi or invisible characters
  --ts MS      sample time in whole milliseconds since the epoch (date +%s%3N); the
               server refuses one more than INGEST_MAX_FUTURE_MS (default 5 min) ahead
               of its clock or older than RETENTION_RAW_HOURS (default 48 h)
               (default: the server's clock when it stores the sample)

  Prints "accepted 1 (seq N)". A new series past the server's SERIES_MAX is refused
  (409 series_limit): delete series you no longer need, or raise SERIES_MAX.

delete: deletes a series, its samples and its rollups, through DELETE /api/series/<series>.
  It cannot be undone; every open dashboard drops the series. With access control on, the
  server asks for a signed-in session, which the CLI does not have (401).

  Prints "deleted <series> (N samples)"; a series that does not exist is an error (404).

Options:
  --url URL    the server (default: $PULSEBOARD_URL, else ${DEFAULT_URL})
  -h, --help   show this help

Environment:
  PULSEBOARD_URL  the server, when --url is not given
  INGEST_TOKEN    push: sent as "Authorization: Bearer <token>" when set (as the server's)

Exit codes: 0 done, 1 refused by the server or server unreachable, 2 bad arguments
(nothing sent).

Other commands:
  pulseboard sessions end-all   end every login session (see pulseboard sessions --help)
  pulseboard annotate <text>    mark a moment on the charts (see pulseboard annotate --help)`;

/**
 * Runs `pulseboard <argv>` and resolves with the exit code. Errors become one line on
 * stderr: usage errors (2) are followed by a hint, server and network errors (1) stand alone.
 */
export async function runCli(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  io: CliIo,
  push: Pusher = pushSample,
  remove: Deleter = deleteSeries,
): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  try {
    if (command === 'sessions') {
      io.stdout(await runSessionsCommand(rest, env));
      return 0;
    }
    if (command === 'annotate') {
      io.stdout(await runAnnotateCommand(rest, env));
      return 0;
    }
    if (command !== 'push' && command !== 'delete') {
      throw new CliError(
        command === undefined ? 'missing command' : `unknown command "${command}"`,
        EXIT_USAGE,
      );
    }
    const parsed = command === 'push' ? parsePushArgs(rest, env) : parseDeleteArgs(rest, env);
    if (parsed.kind === 'help') {
      io.stdout(USAGE);
      return 0;
    }
    if (parsed.kind === 'push') io.stdout(describeResult(await push(parsed)));
    else {
      const { series, samples } = await remove(parsed);
      io.stdout(`deleted ${series} (${samples} ${samples === 1 ? 'sample' : 'samples'})`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    io.stderr(error.message);
    if (error.exitCode === EXIT_USAGE) io.stderr('Run "pulseboard --help" for usage.');
    return error.exitCode;
  }
}

function describeResult(result: PushResult): string {
  return `accepted ${result.accepted} (seq ${result.seq})`;
}
