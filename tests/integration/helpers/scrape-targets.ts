import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RangeAnswer } from '@/lib/protocol';
import { getJson } from './http-api';

/** A `/metrics` endpoint on port 0 of the test process, answering with `handler`. */
export type FixtureTarget = {
  url: string;
  /** `127.0.0.1:<port>`, the `instance` label. */
  instance: string;
  /** Requests received so far. */
  scrapes(): number;
  close(): Promise<void>;
};

export type TargetHandler = (req: IncomingMessage, res: ServerResponse, scrape: number) => void;

/** Starts a target whose `handler` sees each request with its 1-based number. */
export async function startTarget(handler: TargetHandler): Promise<FixtureTarget> {
  let scrapes = 0;
  const server: Server = createServer((req, res) => handler(req, res, ++scrapes));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/metrics`,
    instance: `127.0.0.1:${port}`,
    scrapes: () => scrapes,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * A target nothing listens on: port 2 of 127.0.0.1 (privileged, unassigned in practice, and not
 * on fetch's bad-port list as port 1 is), so every scrape is refused (ECONNREFUSED). A port opened and closed again is not enough: another test's server in a
 * parallel worker may be given it meanwhile (CI once saw the down target answer).
 */
export function downTarget(): FixtureTarget {
  return {
    url: 'http://127.0.0.1:2/metrics',
    instance: '127.0.0.1:2',
    scrapes: () => 0,
    close: async () => {},
  };
}

/** Answers `text` as the text format 0.0.4. */
export function sendText(res: ServerResponse, text: string): void {
  res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' }).end(text);
}

/** The raw points `[ts, value]` of a series key stored since `fromMs`. */
export async function pointsOf(
  url: string,
  key: string,
  fromMs: number,
): Promise<[number, number][]> {
  const to = Date.now() + 1000;
  const answer = await getJson(
    `${url}/api/range?from=${fromMs}&to=${to}&series=${encodeURIComponent(key)}`,
  );
  if (answer.status !== 200)
    throw new Error(`GET /api/range answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return ((answer.body as RangeAnswer).series[0]?.points ?? []) as [number, number][];
}
