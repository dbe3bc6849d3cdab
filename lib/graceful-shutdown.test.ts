import { once } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { trackUnusedSockets } from './graceful-shutdown';

let server: Server;
afterEach(() => {
  server.closeAllConnections();
  server.close();
});

async function listen(): Promise<{ port: number; sockets: Socket[] }> {
  server = createServer((_req, res) => res.end('ok'));
  const sockets: Socket[] = [];
  server.on('connection', (socket: Socket) => sockets.push(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: (server.address() as AddressInfo).port, sockets };
}

describe('trackUnusedSockets', () => {
  it('holds a socket until it carries a request, and then keeps no listener on it', async () => {
    const { port, sockets } = await listen();
    const closeListeners = () => sockets[0]?.listenerCount('close') ?? 0;
    const unused = trackUnusedSockets(server);
    const client = connect(port, '127.0.0.1');
    await once(server, 'connection');
    expect(unused.size).toBe(1);
    const whileUnused = closeListeners();

    client.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await once(client, 'data');

    expect(unused.size).toBe(0);
    expect(closeListeners()).toBe(whileUnused - 1);
    client.destroy();
  });

  it('forgets a socket that closes without a request', async () => {
    const { port, sockets } = await listen();
    const unused = trackUnusedSockets(server);
    const client = connect(port, '127.0.0.1');
    await once(server, 'connection');
    client.destroy();
    await once(sockets[0] as Socket, 'close');

    expect(unused.size).toBe(0);
  });

  it('lets go of a socket at its upgrade', async () => {
    const { port } = await listen();
    const unused = trackUnusedSockets(server);
    let atUpgrade = -1;
    server.on('upgrade', (_req, socket) => {
      atUpgrade = unused.size;
      socket.destroy();
    });
    const req = request({
      port,
      host: '127.0.0.1',
      headers: { Connection: 'Upgrade', Upgrade: 'x' },
    });
    req.on('error', () => {});
    req.end();
    await once(server, 'upgrade');

    expect(atUpgrade).toBe(0);
  });
});
