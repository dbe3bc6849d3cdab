import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Envelope, ReplyEnvelope } from './load-process';

/** Resolution of the load generator's event-loop delay histogram, in milliseconds. */
export const LAG_RESOLUTION_MS = 10;

/** Event-loop lag of a load generator over a measurement window, in milliseconds. */
export type Lag = { p50Ms: number; p99Ms: number; maxMs: number };

/**
 * The child side of {@link LoadProcess}: runs `handle` for every command from the parent and
 * sends back its result or error. Exits when the parent goes away.
 */
export function serveCommands<Command, Reply>(handle: (command: Command) => Promise<Reply>): void {
  if (!process.send) throw new Error('a load generator must be started by the bench (no IPC)');
  process.on('message', (message) => {
    const { id, body } = message as Envelope<Command>;
    handle(body).then(
      (reply) => send({ id, ok: true, body: reply }),
      (error: unknown) =>
        send({ id, ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}

/** A histogram of event-loop delay that the measurement window resets. */
export function createLagMonitor(): { reset(): void; read(): Lag } {
  const histogram = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  histogram.enable();
  return {
    reset: () => histogram.reset(),
    // The histogram records whole timer periods: the lag is what exceeds the resolution.
    read: () => ({
      p50Ms: excess(histogram.percentile(50)),
      p99Ms: excess(histogram.percentile(99)),
      maxMs: excess(histogram.max),
    }),
  };
}

function excess(periodNs: number): number {
  return Math.max(0, periodNs / 1e6 - LAG_RESOLUTION_MS);
}

function send<R>(reply: ReplyEnvelope<R>): void {
  process.send?.(reply);
}
