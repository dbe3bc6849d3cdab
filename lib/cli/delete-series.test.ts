import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CliError } from './cli-error';
import { deleteSeries } from './delete-series';

type Seen = { method?: string; url?: string; headers: IncomingMessage['headers'] };

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

/** A real HTTP server on port 0 that records the request and answers with `answer`. */
async function serve(answer: (res: ServerResponse) => void) {
  let record: (seen: Seen) => void = () => {};
  const seen = new Promise<Seen>((resolve) => {
    record = resolve;
  });
  server = createServer((req, res) => {
    record({ method: req.method, url: req.url, headers: req.headers });
    answer(res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const json = (status: number, body: unknown) => (res: ServerResponse) =>
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => new Error('resolved'),
    (e: unknown) => e,
  );
  if (!(error instanceof CliError)) throw error;
  return { exitCode: error.exitCode, message: error.message };
}

describe('deleteSeries (CLI)', () => {
  it('sends DELETE to <url>/api/series/<series, URL-encoded> and resolves with the answer', async () => {
    const { url, seen } = await serve(json(200, { series: 'jobs:q', samples: 12 }));

    const answer = await deleteSeries({ kind: 'delete', url, series: 'jobs:q' });

    expect(answer).toEqual({ series: 'jobs:q', samples: 12 });
    expect(await seen).toMatchObject({ method: 'DELETE', url: '/api/series/jobs%3Aq' });
  });

  it.each([
    [
      404,
      { error: { code: 'not_found', message: 'there is no series named x' } },
      'error 404 not_found: there is no series named x',
    ],
    [
      401,
      { error: { code: 'unauthorized', message: 'no valid session; sign in at /login' } },
      'error 401 unauthorized: no valid session; sign in at /login',
    ],
    [
      502,
      '<html>Bad Gateway</html>',
      'error 502: Bad Gateway (not a Pulseboard error body; is the URL right?)',
    ],
  ])("turns HTTP %i into exit code 1 and the server's error", async (status, body, message) => {
    const { url } = await serve((res) =>
      typeof body === 'string' ? res.writeHead(status).end(body) : json(status, body)(res),
    );
    expect(await failure(deleteSeries({ kind: 'delete', url, series: 'x' }))).toEqual({
      exitCode: 1,
      message,
    });
  });

  it('refuses a 200 that is not a delete answer, and says when nobody answers', async () => {
    const { url } = await serve(json(200, { accepted: 1 }));
    expect(await failure(deleteSeries({ kind: 'delete', url, series: 'x' }))).toEqual({
      exitCode: 1,
      message: `unexpected answer from ${url}: {"accepted":1}`,
    });
    server?.close();
    await once(server as Server, 'close');
    expect(await failure(deleteSeries({ kind: 'delete', url, series: 'x' }))).toEqual({
      exitCode: 1,
      message: `cannot reach ${url}: is Pulseboard running? (connection refused)`,
    });
  });
});
