import { parseSeriesDeleteAnswer, type SeriesDeleteAnswer } from '../protocol/series-answer';
import { CliError, EXIT_FAILURE } from './cli-error';
import { describeHttpError, describeNetworkError, parseJson } from './describe-failure';
import type { DeleteCommand } from './parse-delete-args';

/** Longest the CLI waits for a delete's answer, in milliseconds (a big series takes a while). */
export const DELETE_TIMEOUT_MS = 60_000;

/**
 * Sends `DELETE <url>/api/series/<series, URL-encoded>`. Resolves with the server's answer
 * (the series and the samples deleted); throws a CliError (exit code 1) with one readable
 * line when the server refuses it (404 when there is no such series), answers something else
 * than Pulseboard would, or cannot be reached.
 */
export async function deleteSeries(
  command: DeleteCommand,
  timeoutMs = DELETE_TIMEOUT_MS,
): Promise<SeriesDeleteAnswer> {
  const url = `${command.url}/api/series/${encodeURIComponent(command.series)}`;
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { method: 'DELETE', signal: AbortSignal.timeout(timeoutMs) });
    text = await response.text();
  } catch (error) {
    throw new CliError(describeNetworkError(command.url, error, timeoutMs), EXIT_FAILURE);
  }
  const body = parseJson(text);
  if (!response.ok) throw new CliError(describeHttpError(response, body), EXIT_FAILURE);
  const answer = parseSeriesDeleteAnswer(body);
  if (!answer) {
    throw new CliError(
      `unexpected answer from ${command.url}: ${JSON.stringify(body)}`,
      EXIT_FAILURE,
    );
  }
  return answer;
}
