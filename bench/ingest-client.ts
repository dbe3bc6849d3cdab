import { Agent, request } from 'node:http';
import { wallNow } from './clock';

/** Longest an ingest POST may take, in milliseconds. */
export const INGEST_TIMEOUT_MS = 30_000;

/**
 * One POST /api/metrics: when it was sent, when its whole response arrived (NaN when it
 * failed), and why it failed.
 */
export type IngestResult = { startAt: number; endAt: number; status: number; error?: string };

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/**
 * POSTs `samples` to `<baseUrl>/api/metrics`; resolves when the whole response arrived or the
 * request failed (never rejects: a failed marker is reported, not fatal).
 */
export function postSamples(
  baseUrl: string,
  samples: { series: string; value: number }[],
): Promise<IngestResult> {
  const body = JSON.stringify({ samples });
  const startAt = wallNow();
  return new Promise((resolve) => {
    const fail = (error: string, status = 0) =>
      resolve({ startAt, endAt: Number.NaN, status, error });
    const req = request(
      `${baseUrl}/api/metrics`,
      {
        method: 'POST',
        agent,
        timeout: INGEST_TIMEOUT_MS,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status === 200) resolve({ startAt, endAt: wallNow(), status });
          else fail(`POST /api/metrics answered ${status}`, status);
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`POST /api/metrics timed out after ${INGEST_TIMEOUT_MS} ms`)),
    );
    req.on('error', (error) => fail(error.message));
    req.end(body);
  });
}

/** Closes the kept-alive ingest sockets so the process can exit. */
export function closeIngestAgent(): void {
  agent.destroy();
}
