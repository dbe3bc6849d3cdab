import { CliError, EXIT_FAILURE } from './cli-error';
import { describeHttpError, describeNetworkError, parseJson } from './describe-failure';
import type { PushCommand } from './parse-push-args';

/** Longest the CLI waits for the server's answer, in milliseconds. */
export const PUSH_TIMEOUT_MS = 10_000;

/** What the server answers a stored push: how many samples, and the last one's seq. */
export type PushResult = { accepted: number; seq: number };

/**
 * Sends `command.sample` to `<url>/api/metrics` (with the Bearer token when there is one).
 * Throws a CliError (exit code 1) with one readable line when the server refuses it, answers
 * something else than Pulseboard would, or cannot be reached.
 */
export async function pushSample(
  command: PushCommand,
  timeoutMs = PUSH_TIMEOUT_MS,
): Promise<PushResult> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${command.url}/api/metrics`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(command.token ? { Authorization: `Bearer ${command.token}` } : {}),
      },
      body: JSON.stringify({ samples: [command.sample] }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    throw new CliError(describeNetworkError(command.url, error, timeoutMs), EXIT_FAILURE);
  }
  const body = parseJson(text);
  if (!response.ok) throw new CliError(describeHttpError(response, body), EXIT_FAILURE);
  if (!isPushResult(body)) {
    throw new CliError(
      `unexpected answer from ${command.url}: ${JSON.stringify(body)}`,
      EXIT_FAILURE,
    );
  }
  return { accepted: body.accepted, seq: body.seq };
}

function isPushResult(body: unknown): body is PushResult {
  const result = body as Partial<PushResult> | undefined;
  return typeof result?.accepted === 'number' && typeof result.seq === 'number';
}
