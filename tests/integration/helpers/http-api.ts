import { request } from 'node:http';

/** Small clients of the HTTP API. */

export type SampleIn = {
  series: string;
  value: number;
  ts?: number;
  unit?: string;
  labels?: Record<string, string>;
};
export type IngestResult = { accepted: number; seq: number };
export type ApiResponse = { status: number; body: unknown };

export type Health = {
  status: 'ok';
  /** INSTANCE_ID (default `<host name>:<port>`). */
  instance: string;
  /** The store engine: `sqlite` or `postgres`. */
  engine: 'sqlite' | 'postgres';
  /** Whether the last write to the database worked. */
  store: 'ok' | 'full' | 'read_only';
  seq: number;
  streams: number;
  chatSockets: number;
  uptimeS: number;
  stream: {
    fanoutReads: number;
    fanoutSerializations: number;
    snapshotsSent: number;
    replaysSent: number;
    slowReadersDropped: number;
    groups: number;
  };
};

/** `POST /api/metrics` that must succeed; resolves with `{accepted, seq}`. */
export async function pushSamples(
  url: string,
  samples: readonly SampleIn[],
  token?: string,
): Promise<IngestResult> {
  const response = await postMetrics(url, JSON.stringify({ samples }), {
    ...(token ? { Authorization: `Bearer ${token}` } : {}),
  });
  if (response.status !== 200) {
    throw new Error(
      `POST /api/metrics answered ${response.status}: ${JSON.stringify(response.body)}`,
    );
  }
  return response.body as IngestResult;
}

/** `POST /api/metrics` with any body and headers (JSON content type unless given). */
export async function postMetrics(
  url: string,
  body: BodyInit,
  headers: Record<string, string> = {},
  init: RequestInit = {},
): Promise<ApiResponse> {
  const response = await fetch(`${url}/api/metrics`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
    ...init,
  });
  return { status: response.status, body: await readBody(response) };
}

/** `GET /api/health`. */
export async function getHealth(url: string): Promise<Health> {
  const response = await fetch(`${url}/api/health`);
  if (response.status !== 200) throw new Error(`GET /api/health answered ${response.status}`);
  return (await response.json()) as Health;
}

/** `GET <path>` resolving with the status and the JSON (or text) body. */
export async function getJson(
  url: string,
  headers: Record<string, string> = {},
): Promise<ApiResponse> {
  const response = await fetch(url, { headers });
  return { status: response.status, body: await readBody(response) };
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Sends `GET <url>` on a connection of its own and resolves with the status once the
 * response head arrives; `destroy()` then drops the connection, as a client going away.
 * (fetch would pool the connection, and undici opens a spare one after an abort.)
 */
export function openRequest(
  url: string,
  headers: Record<string, string> = {},
): { response: Promise<number>; destroy(): void } {
  const req = request(url, { agent: false, headers });
  const response = new Promise<number>((resolve, reject) => {
    req.once('response', (res) => resolve(res.statusCode ?? 0));
    req.once('error', reject);
  });
  response.catch(() => undefined);
  req.end();
  return { response, destroy: () => req.destroy() };
}

/** `PUT /api/layout` with a raw body (a string is sent as is, anything else as JSON). */
export async function putLayout(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResponse> {
  const response = await fetch(`${url}/api/layout`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await readBody(response) };
}

/**
 * One request to `url` with a JSON body (a string is sent as it is, for malformed bodies),
 * answered with its status and body: parsed JSON, or the raw text when it is not JSON.
 */
export async function sendJson(url: string, method: string, body?: unknown): Promise<ApiResponse> {
  const response = await fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: text };
  }
}
