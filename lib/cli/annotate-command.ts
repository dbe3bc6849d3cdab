// Relative imports of single protocol files: the bin runs through tsx without the bundler.
import { BOARD_SLUG_PATTERN } from '../protocol/boards';
import { CliError, EXIT_FAILURE, usageError } from './cli-error';
import { describeHttpError, describeNetworkError, parseJson } from './describe-failure';
import { resolveUrl } from './server-url';
import { splitArgs } from './split-args';

/** Longest the CLI waits for the server's answer, in milliseconds. */
export const ANNOTATE_TIMEOUT_MS = 10_000;

/** `pulseboard annotate --help`. */
export const ANNOTATE_USAGE = `Usage: pulseboard annotate <text> [--board SLUG] [--ts MS] [--url URL]

Marks a moment on the charts' timeline (POST /api/annotations), e.g. from a deploy
script: pulseboard annotate "deploy v1.4". Every chart shows a marker there, with
the text on hover.

  <text>        1 to 200 characters
  --board SLUG  only that board's charts (default: every board)
  --ts MS       the moment, in milliseconds since the epoch (default: now)
  --url URL     the server (default: $PULSEBOARD_URL, else http://127.0.0.1:3000)

Environment:
  INGEST_TOKEN  sent as "Authorization: Bearer <token>" (as for push), which the server
                takes instead of a session when access control is on

Prints "annotated #N at <time>". Exit codes: 0 done, 1 refused or unreachable, 2 bad arguments.`;

/** Runs `pulseboard annotate <args>`; resolves with the line to print, throws a CliError. */
export async function runAnnotateCommand(
  args: readonly string[],
  env: Record<string, string | undefined>,
  timeoutMs = ANNOTATE_TIMEOUT_MS,
): Promise<string> {
  const split = splitArgs(args, ['board', 'ts', 'url']);
  if (split.kind === 'help') return ANNOTATE_USAGE;
  const [text, extra] = split.positionals;
  if (text === undefined || text.trim() === '') throw usageError('missing <text>');
  if (extra !== undefined) throw usageError(`unexpected argument "${extra}" (quote the text)`);
  const { board, ts } = split.options;
  if (board !== undefined && !BOARD_SLUG_PATTERN.test(board)) {
    throw usageError(`--board "${board}" is not a board slug`);
  }
  if (ts !== undefined && !/^\d{1,15}$/.test(ts)) {
    throw usageError('--ts is a time in whole milliseconds since the epoch');
  }
  const url = resolveUrl(split.options.url, env.PULSEBOARD_URL);
  const token = env.INGEST_TOKEN?.trim();
  let response: Response;
  let body: unknown;
  try {
    response = await fetch(`${url}/api/annotations`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({
        text,
        ...(board === undefined ? {} : { board }),
        ...(ts === undefined ? {} : { ts: Number(ts) }),
      }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    body = parseJson(await response.text());
  } catch (error) {
    throw new CliError(describeNetworkError(url, error, timeoutMs), EXIT_FAILURE);
  }
  if (!response.ok) throw new CliError(describeHttpError(response, body), EXIT_FAILURE);
  const answer = body as { id?: unknown; ts?: unknown };
  if (typeof answer.id !== 'number' || typeof answer.ts !== 'number') {
    throw new CliError(`unexpected answer from ${url}: ${JSON.stringify(body)}`, EXIT_FAILURE);
  }
  return `annotated #${answer.id} at ${new Date(answer.ts).toISOString()}`;
}
