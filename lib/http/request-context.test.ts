import { once } from 'node:events';
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_LEFT, RequestContext } from './request-context';

let close: (() => void) | undefined;
afterEach(() => close?.());

/** One real request; resolves with its response once the handler got it, and the client. */
async function exchange(): Promise<{ res: ServerResponse; req: IncomingMessage; leave(): void }> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  close = () => {
    server.closeAllConnections();
    server.close();
  };
  const client = request(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  client.on('error', () => {});
  client.end();
  const [req, res] = (await once(server, 'request')) as [IncomingMessage, ServerResponse];
  return { req, res, leave: () => client.destroy() };
}

function contextOf(req: IncomingMessage, res: ServerResponse): RequestContext {
  return new RequestContext({
    req,
    res,
    id: 'id',
    head: ['X-Request-Id', 'id'],
    url: new URL('http://localhost/'),
    params: {},
    clientAddress: undefined,
    secure: false,
    session: undefined,
  });
}

describe('RequestContext.signal', () => {
  it('is not made until read: no close listener on the response before', async () => {
    const { req, res } = await exchange();
    const before = res.listenerCount('close');
    const ctx = contextOf(req, res);
    expect(res.listenerCount('close')).toBe(before);

    expect(ctx.signal).toBe(ctx.signal);
    expect(res.listenerCount('close')).toBe(before + 1);
  });

  it('aborts with CLIENT_LEFT when the client leaves before the answer', async () => {
    const { req, res, leave } = await exchange();
    const signal = contextOf(req, res).signal;
    leave();
    await once(signal, 'abort');
    expect(signal.reason).toBe(CLIENT_LEFT);
  });

  it('is already aborted when first read after the client left', async () => {
    const { req, res, leave } = await exchange();
    const ctx = contextOf(req, res);
    leave();
    await once(res, 'close');
    expect([ctx.signal.aborted, ctx.signal.reason]).toEqual([true, CLIENT_LEFT]);
  });

  it('never aborts once the answer is complete', async () => {
    const { req, res } = await exchange();
    const ctx = contextOf(req, res);
    const signal = ctx.signal;
    res.end('done');
    await once(res, 'close');
    expect(signal.aborted).toBe(false);
    expect(contextOf(req, res).signal.aborted).toBe(false);
  });
});
