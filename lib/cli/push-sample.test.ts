import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CliError } from './cli-error';
import type { PushCommand } from './parse-push-args';
import { pushSample } from './push-sample';

type Seen = { method?: string; url?: string; headers: IncomingMessage['headers']; body: string };

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

/** A real HTTP server on port 0 that records the request and answers with `answer`. */
async function serve(
  answer: (res: ServerResponse) => void,
): Promise<{ url: string; seen: Promise<Seen> }> {
  let record: (seen: Seen) => void = () => {};
  const seen = new Promise<Seen>((resolve) => {
    record = resolve;
  });
  server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    record({ method: req.method, url: req.url, headers: req.headers, body });
    answer(res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const json = (status: number, body: unknown) => (res: ServerResponse) =>
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));

const command = (url: string, token?: string): PushCommand => ({
  kind: 'push',
  url,
  token,
  sample: { series: 'jobs.queue', value: -1.5, unit: 'jobs' },
});

async function failure(promise: Promise<unknown>): Promise<{ exitCode: number; message: string }> {
  const error = await promise.then(
    () => new Error('resolved'),
    (e: unknown) => e,
  );
  if (!(error instanceof CliError)) throw error;
  return { exitCode: error.exitCode, message: error.message };
}

describe('pushSample', () => {
  it('POSTs the sample as JSON to <url>/api/metrics and resolves with the answer', async () => {
    const { url, seen } = await serve(json(200, { accepted: 1, seq: 41 }));

    const result = await pushSample(command(url));

    const request = await seen;
    expect(result).toEqual({ accepted: 1, seq: 41 });
    expect(request).toMatchObject({ method: 'POST', url: '/api/metrics' });
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.authorization).toBeUndefined();
    expect(JSON.parse(request.body)).toEqual({
      samples: [{ series: 'jobs.queue', value: -1.5, unit: 'jobs' }],
    });
  });

  it('sends the token as a Bearer token', async () => {
    const { url, seen } = await serve(json(200, { accepted: 1, seq: 1 }));

    await pushSample(command(url, 's3cret'));

    expect((await seen).headers.authorization).toBe('Bearer s3cret');
  });

  it.each([
    [
      401,
      { error: { code: 'unauthorized', message: 'invalid bearer token' } },
      'error 401 unauthorized: invalid bearer token',
    ],
    [
      400,
      { error: { code: 'validation_failed', message: 'body.samples[0].unit: Too big' } },
      'error 400 validation_failed: body.samples[0].unit: Too big',
    ],
    [
      502,
      '<html>Bad Gateway</html>',
      'error 502: Bad Gateway (not a Pulseboard error body; is the URL right?)',
    ],
    [
      404,
      { message: 'not ours' },
      'error 404: Not Found (not a Pulseboard error body; is the URL right?)',
    ],
  ])('turns HTTP %i into exit code 1 and one line', async (status, body, message) => {
    const { url } = await serve((res) =>
      typeof body === 'string' ? res.writeHead(status).end(body) : json(status, body)(res),
    );

    expect(await failure(pushSample(command(url)))).toEqual({ exitCode: 1, message });
  });

  it('refuses a 200 that is not an ingest answer', async () => {
    const { url } = await serve(json(200, { hello: 'world' }));

    expect(await failure(pushSample(command(url)))).toEqual({
      exitCode: 1,
      message: `unexpected answer from ${url}: {"hello":"world"}`,
    });
  });

  it('says the server is not running when the connection is refused', async () => {
    const { url } = await serve(json(200, {}));
    server?.close();
    await once(server as Server, 'close');

    expect(await failure(pushSample(command(url)))).toEqual({
      exitCode: 1,
      message: `cannot reach ${url}: is Pulseboard running? (connection refused)`,
    });
  });

  it('gives up after the timeout when the server does not answer', async () => {
    const { url } = await serve(() => {
      // Never answers.
    });

    expect(await failure(pushSample(command(url), 200))).toEqual({
      exitCode: 1,
      message: `no answer from ${url} within 0.2 s`,
    });
  });
});
