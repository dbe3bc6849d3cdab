import os from 'node:os';

/**
 * The name of this instance (INSTANCE_ID, else `<host name>:<port>`): in log lines
 * (`instance`), `/metrics` and `/api/health`. `port` is the bound one once the server listens
 * (PORT=0 binds a free port).
 */
export function instanceIdOf(
  env: { INSTANCE_ID?: string | undefined },
  port: number,
  hostname: string = os.hostname(),
): string {
  return env.INSTANCE_ID ?? `${hostname}:${port}`;
}
