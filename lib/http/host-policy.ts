import { isIP } from 'node:net';
import { AppError } from '@/lib/errors';

/** Host names always allowed, on any port: this machine's loopback names. */
export const LOOPBACK_HOST_NAMES: readonly string[] = ['localhost'];
/** HOST values that mean "every interface": they name no host a browser could ask for. */
const WILDCARD_LISTEN_HOSTS: ReadonlySet<string> = new Set(['0.0.0.0', '::', '[::]', '']);

/**
 * Which `Host` headers the server answers (the DNS-rebinding guard, issue 10 B4). A page on
 * `rebind.attacker.example` whose name was made to resolve to this server sends that name as
 * its Host; only names listed here are served. Allowed: `localhost`, any IP address (a page
 * cannot rebind a name it does not use, and an address is not a name), the configured HOST
 * unless it is a wildcard (`0.0.0.0`, `::`), and every name in ALLOWED_HOSTS; any port, or
 * exactly the port an ALLOWED_HOSTS entry gives. See docs/security.md#dns-rebinding.
 */
export class HostPolicy {
  readonly #names = new Map<string, string | undefined>();

  /** `listenHost`: the HOST the server listens on; `allowedHosts`: ALLOWED_HOSTS entries. */
  constructor(listenHost: string, allowedHosts: readonly string[] = []) {
    for (const name of LOOPBACK_HOST_NAMES) this.#names.set(name, undefined);
    if (!WILDCARD_LISTEN_HOSTS.has(listenHost.trim())) this.#add(listenHost);
    for (const entry of allowedHosts) this.#add(entry);
  }

  /** Whether a request with this `Host` header may be served (absent: an HTTP/1.0 client). */
  allows(host: string | undefined): boolean {
    if (host === undefined) return true;
    const parsed = splitHost(host);
    if (!parsed) return false;
    if (isIP(parsed.name) !== 0) return true;
    if (!this.#names.has(parsed.name)) return false;
    const port = this.#names.get(parsed.name);
    return port === undefined || port === parsed.port;
  }

  /** 403 `host_not_allowed` naming the refused Host and the variable that would allow it. */
  refusal(host: string | undefined): AppError {
    const shown = (host ?? '').slice(0, 100);
    return new AppError(
      'host_not_allowed',
      `Host "${shown}" is not served here; if it is this server's name, add it to ALLOWED_HOSTS`,
    );
  }

  #add(entry: string): void {
    const parsed = splitHost(entry.trim());
    if (parsed) this.#names.set(parsed.name, parsed.port);
  }
}

/**
 * `name[:port]` or `[v6][:port]` in lower case, without the brackets; undefined when it is not
 * a well-formed host (spaces, a second colon outside brackets, a port that is not a number).
 */
export function splitHost(host: string): { name: string; port: string | undefined } | undefined {
  const match = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9.-]+))(?::(\d{1,5}))?$/i.exec(host.trim());
  if (!match) return undefined;
  const name = (match[1] ?? match[2] ?? '').toLowerCase().replace(/\.$/, '');
  if (name === '') return undefined;
  return { name, port: match[3] };
}
