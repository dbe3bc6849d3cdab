import { CliError, EXIT_FAILURE } from './cli-error';
import type { PushCommand } from './parse-push-args';

/** Longest the CLI waits for the server's answer, in milliseconds. */
export const PUSH_TIMEOUT_MS = 10_000;

/** Plain words for the network errors people meet. */
const NETWORK_REASONS: Record<string, string> = {
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
};

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

/** `error <status> <code>: <message>` for Pulseboard's error body, else the HTTP status. */
export function describeHttpError(response: Response, body: unknown): string {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (typeof error?.code === 'string' && typeof error.message === 'string') {
    return `error ${response.status} ${error.code}: ${error.message}`;
  }
  // Not Pulseboard's answer: a proxy in front (502 from nginx), or another server on the port.
  const text = response.statusText || 'unexpected answer';
  return `error ${response.status}: ${text} (not a Pulseboard error body; is the URL right?)`;
}

function describeNetworkError(url: string, error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return `no answer from ${url} within ${timeoutMs / 1000} s`;
  }
  const cause =
    error instanceof Error ? (error.cause as NodeJS.ErrnoException | undefined) : undefined;
  if (cause?.code === 'ECONNREFUSED') {
    return `cannot reach ${url}: is Pulseboard running? (connection refused)`;
  }
  if (cause?.message === 'bad port') {
    // fetch refuses the ports browsers refuse (1, 6000, 10080, ...): https://fetch.spec.whatwg.org/#port-blocking
    return `cannot reach ${url}: fetch refuses that port (a blocked port); run Pulseboard on another`;
  }
  const code = cause?.code;
  const reason = code ? NETWORK_REASONS[code] : undefined;
  if (reason) return `cannot reach ${url}: ${reason} (${code})`;
  return `cannot reach ${url}: ${String(code ?? cause?.message ?? error)}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isPushResult(body: unknown): body is PushResult {
  const result = body as Partial<PushResult> | undefined;
  return typeof result?.accepted === 'number' && typeof result.seq === 'number';
}
