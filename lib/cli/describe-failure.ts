/**
 * How the CLI words a failed request: one line, for stderr.
 */

/** Plain words for the network errors people meet. */
const NETWORK_REASONS: Record<string, string> = {
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
};

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

/** One line for a request that got no answer: refused, timed out, unknown host, ... */
export function describeNetworkError(url: string, error: unknown, timeoutMs: number): string {
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

/** The JSON of an answer's text, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
