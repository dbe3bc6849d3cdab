import { Agent, request } from 'node:http';
import { wallNow } from './clock';

/** Longest an ingest POST may take, in milliseconds. */
export const INGEST_TIMEOUT_MS = 10_000;

/** One POST /api/metrics: when it was sent, when its response ended, and its status. */
export type IngestResult = { startAt: number; endAt: number; status: number };

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** POSTs `samples` to `<baseUrl>/api/metrics`; resolves when the whole response arrived. */
export function postSamples(
  baseUrl: string,
  samples: { series: string; value: number }[],
): Promise<IngestResult> {
  const body = JSON.stringify({ samples });
  const startAt = wallNow();
  return new Promise((resolve, reject) => {
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
          const result = { startAt, endAt: wallNow(), status: res.statusCode ?? 0 };
          if (result.status === 200) resolve(result);
          else reject(new Error(`POST /api/metrics answered ${result.status}`));
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('POST /api/metrics timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Closes the kept-alive ingest sockets so the process can exit. */
export function closeIngestAgent(): void {
  agent.destroy();
}
