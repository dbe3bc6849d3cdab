import { AppError } from '@/lib/errors';
import { isExemptAddress } from './ip-rate-limit';

/** Default of CONNECTIONS_MAX_PER_ADDRESS: open SSE streams plus chat sockets per address. */
export const CONNECTIONS_MAX_PER_ADDRESS_DEFAULT = 64;
/**
 * `Retry-After` of a refused connection, in seconds: nothing says when one of the address's
 * connections will close, so this is a pause, not a promise.
 */
export const CONNECTIONS_RETRY_AFTER_S = 5;

export type ConnectionLimitOptions = {
  /** Connections one address may hold open at once. */
  maxPerAddress: number;
  /** Addresses never capped (RATE_LIMIT_EXEMPT: `loopback` and addresses). */
  exempt?: Iterable<string>;
};

/**
 * A cap on the connections each client address holds open at once (SSE streams and chat
 * sockets together, issue 10 B5). A route that holds a connection (`Route.connections`)
 * acquires a slot before its handler runs and gives it back when the connection closes.
 */
export class ConnectionLimit {
  readonly maxPerAddress: number;
  readonly #exempt: ReadonlySet<string>;
  readonly #open = new Map<string, number>();

  constructor(options: ConnectionLimitOptions) {
    if (!(Number.isInteger(options.maxPerAddress) && options.maxPerAddress >= 1)) {
      throw new TypeError('maxPerAddress must be a whole number of at least 1');
    }
    this.maxPerAddress = options.maxPerAddress;
    this.#exempt = new Set(options.exempt ?? []);
  }

  /**
   * Takes a slot for `address`; returns the idempotent function that gives it back, or throws
   * 429 `too_many_connections` (with Retry-After) when the address already holds the maximum.
   * An exempt or unknown address takes no slot: undefined, nothing to give back (and no
   * listener to keep for the connection's life).
   */
  acquire(address: string | undefined): (() => void) | undefined {
    if (address === undefined || isExemptAddress(address, this.#exempt)) return undefined;
    const open = this.#open.get(address) ?? 0;
    if (open >= this.maxPerAddress) {
      throw new AppError(
        'too_many_connections',
        `this address has ${open} streams and chat sockets open, the most allowed [CONNECTIONS_MAX_PER_ADDRESS]; close one first`,
        { retryAfterS: CONNECTIONS_RETRY_AFTER_S },
      );
    }
    this.#open.set(address, open + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#open.get(address) ?? 1) - 1;
      if (left > 0) this.#open.set(address, left);
      else this.#open.delete(address);
    };
  }

  /** Connections `address` holds open (0 when none or exempt). */
  count(address: string): number {
    return this.#open.get(address) ?? 0;
  }

  /** Addresses holding at least one connection (the map never keeps an address at 0). */
  get addresses(): number {
    return this.#open.size;
  }
}
