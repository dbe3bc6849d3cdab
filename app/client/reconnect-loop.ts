import { backoffDelayMs } from './backoff';
import { type ConnectionStatus, disconnectedStatus } from './connection-status';

export type ReconnectLoopOptions = {
  /** Opens a new connection. */
  connect: () => void;
  /** Whether a connection is open or opening. */
  isConnected: () => boolean;
  /** Treats the current connection as lost (the browser went offline). */
  dropCurrent: () => void;
  setStatus: (status: ConnectionStatus) => void;
  /** Where `online` / `offline` events come from; the window by default. */
  events?: EventTarget;
  isOnline?: () => boolean;
};

/**
 * The reconnect policy both channels share: a jittered backoff after each drop, a status of
 * reconnecting or offline while disconnected, an immediate retry when the browser comes back
 * online, and the connection dropped at once when it goes offline.
 */
export class ReconnectLoop {
  readonly #o: ReconnectLoopOptions;
  #failures = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #active = false;

  constructor(options: ReconnectLoopOptions) {
    this.#o = options;
  }

  start(): void {
    if (this.#active) return;
    this.#active = true;
    this.#events().addEventListener('online', this.#onOnline);
    this.#events().addEventListener('offline', this.#onOffline);
  }

  stop(): void {
    this.#active = false;
    this.#events().removeEventListener('online', this.#onOnline);
    this.#events().removeEventListener('offline', this.#onOffline);
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** The connection is up: the next drop starts the backoff from the beginning. */
  connected(): void {
    this.#failures = 0;
  }

  /** The connection was lost: show why and schedule the next attempt (`delayMs` overrides). */
  dropped(delayMs?: number): void {
    if (!this.#active) return;
    const attempt = this.#failures++;
    this.#o.setStatus(disconnectedStatus(this.#failures, this.#online()));
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#o.connect();
    }, delayMs ?? backoffDelayMs(attempt));
  }

  readonly #onOnline = (): void => {
    if (!this.#active || this.#o.isConnected()) return;
    clearTimeout(this.#timer);
    this.#o.setStatus('reconnecting');
    this.#o.connect();
  };

  readonly #onOffline = (): void => {
    if (this.#o.isConnected()) this.#o.dropCurrent();
    else if (this.#active) this.#o.setStatus('offline');
  };

  #events(): EventTarget {
    return this.#o.events ?? window;
  }

  #online(): boolean {
    return this.#o.isOnline ? this.#o.isOnline() : navigator.onLine;
  }
}
