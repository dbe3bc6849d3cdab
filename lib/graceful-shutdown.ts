import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import { errorFields, flushLogs, log } from './logger';

/** Longest a graceful shutdown may take before remaining sockets are cut, in milliseconds. */
export const SHUTDOWN_TIMEOUT_MS = 5000;
/** Extra time after SHUTDOWN_TIMEOUT_MS for the last steps before a forced exit, in ms. */
export const SHUTDOWN_GRACE_MS = 2000;

export type ShutdownStep = { name: string; run: () => void | Promise<void> };

/**
 * On SIGINT or SIGTERM: stop accepting, run `beforeDrain` (stop the collector, end streams,
 * close sockets with 1001), wait for connections to drain for at most SHUTDOWN_TIMEOUT_MS,
 * cut what is left, run `afterDrain` (close the db), then exit. A second signal exits at once.
 */
export function installGracefulShutdown(
  server: Server,
  steps: { beforeDrain: readonly ShutdownStep[]; afterDrain: readonly ShutdownStep[] },
): void {
  let shuttingDown = false;
  const unused = trackUnusedSockets(server);
  const shutdown = async (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      log.warn('second signal: exiting now', { signal });
      flushLogs();
      process.exit(1);
    }
    shuttingDown = true;
    // Whatever happens below (a step that hangs, a log write to a closed pipe), exit in time.
    setTimeout(() => process.exit(1), SHUTDOWN_TIMEOUT_MS + SHUTDOWN_GRACE_MS).unref();
    log.info('shutting down', { signal });
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // Preconnected sockets that never sent a request are not "idle" to Node: cut them too.
    for (const socket of unused) socket.destroy();
    for (const step of steps.beforeDrain) await runStep(step);
    const timeout = new Promise<void>((resolve) =>
      setTimeout(resolve, SHUTDOWN_TIMEOUT_MS).unref(),
    );
    const drainTick = setInterval(() => server.closeIdleConnections(), 50);
    await Promise.race([closed, timeout]);
    clearInterval(drainTick);
    server.closeAllConnections();
    for (const step of steps.afterDrain) await runStep(step);
    try {
      log.info('shutdown complete');
      flushLogs();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

async function runStep(step: ShutdownStep): Promise<void> {
  try {
    await step.run();
  } catch (error) {
    log.error('shutdown step failed', { step: step.name, ...errorFields(error) });
  }
}

/** Sockets that have not (yet) carried a request or an upgrade. */
function trackUnusedSockets(server: Server): Set<Socket> {
  const unused = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    unused.add(socket);
    socket.once('close', () => unused.delete(socket));
  });
  server.on('request', (request: IncomingMessage) => unused.delete(request.socket));
  server.prependListener('upgrade', (request: IncomingMessage) => unused.delete(request.socket));
  return unused;
}
