import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import { errorFields, flushLogs, log } from './logger';
import { waitAtMost } from './wait-at-most';

/** Extra time after the shutdown timeout for the last steps before a forced exit, in ms. */
export const SHUTDOWN_GRACE_MS = 2000;
/**
 * After the drain timeout, how long answers written by the `atDeadline` steps (`503
 * shutting_down`) get to leave before the remaining connections are cut, in milliseconds.
 */
export const SHUTDOWN_FLUSH_MS = 200;

export type ShutdownStep = { name: string; run: () => void | Promise<void> };

export type ShutdownPlan = {
  /** Drain limit, in milliseconds: the env variable SHUTDOWN_TIMEOUT_MS (default 5000). */
  timeoutMs: number;
  /** Run at once: stop producers, end streams, close sockets with 1001. */
  beforeDrain: readonly ShutdownStep[];
  /** Run when the drain limit passes with connections still open (answer what can be). */
  atDeadline?: readonly ShutdownStep[];
  /** Run once every connection is closed or cut: close the db. */
  afterDrain: readonly ShutdownStep[];
};

/**
 * On SIGINT or SIGTERM: stop accepting, run `beforeDrain`, wait for connections to drain for
 * at most `timeoutMs`; if some are left, run `atDeadline` and give its answers
 * SHUTDOWN_FLUSH_MS; cut what is left, run `afterDrain` (close the db), then exit 0.
 * Whatever hangs, the process exits (code 1) `timeoutMs` + SHUTDOWN_GRACE_MS after the
 * signal. A second signal exits at once.
 */
export function installGracefulShutdown(server: Server, plan: ShutdownPlan): void {
  const { timeoutMs } = plan;
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
    setTimeout(() => process.exit(1), timeoutMs + SHUTDOWN_GRACE_MS).unref();
    log.info('shutting down', { signal, timeoutMs });
    let drained = false;
    const closed = new Promise<void>((resolve) =>
      server.close(() => {
        drained = true;
        resolve();
      }),
    );
    server.closeIdleConnections();
    // Preconnected sockets that never sent a request are not "idle" to Node: cut them too.
    for (const socket of unused) socket.destroy();
    for (const step of plan.beforeDrain) await runStep(step);
    const drainTick = setInterval(() => server.closeIdleConnections(), 50);
    await waitAtMost(closed, timeoutMs);
    if (!drained) {
      log.warn('shutdown timeout: answering and cutting what is left', { timeoutMs });
      for (const step of plan.atDeadline ?? []) await runStep(step);
      await waitAtMost(closed, SHUTDOWN_FLUSH_MS);
    }
    clearInterval(drainTick);
    server.closeAllConnections();
    for (const step of plan.afterDrain) await runStep(step);
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

/**
 * Sockets that have not (yet) carried a request or an upgrade. One `close` listener serves every
 * socket (`this` is the socket) and is removed once the socket is used: only never-used sockets
 * need it, and a stream's or a chat socket's would be kept for hours.
 */
export function trackUnusedSockets(server: Server): ReadonlySet<Socket> {
  const unused = new Set<Socket>();
  function socketOnClose(this: Socket): void {
    unused.delete(this);
  }
  const used = (socket: Socket) => {
    if (unused.delete(socket)) socket.removeListener('close', socketOnClose);
  };
  server.on('connection', (socket: Socket) => {
    unused.add(socket);
    socket.on('close', socketOnClose);
  });
  server.on('request', (request: IncomingMessage) => used(request.socket));
  server.prependListener('upgrade', (request: IncomingMessage) => used(request.socket));
  return unused;
}
