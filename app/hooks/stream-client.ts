import { type SamplesPayload, type SnapshotPayload, StreamEvent } from '@/lib/protocol';
import type { ConnectionStatus } from './connection-status';
import { ReconnectLoop } from './reconnect-loop';
import type { SeriesStore } from './series-store';
import { goToLogin, isSessionLost } from './session-guard';
import { isNewEvent, parseShutdownRetryMs, parseStreamData, streamUrl } from './stream-cursor';

/** What the stream indicator shows; `resyncedAt` is set when a resume fell back to a snapshot. */
export type StreamState = { status: ConnectionStatus; resyncedAt?: number };

/**
 * Keeps one EventSource to the metric stream open and feeds a SeriesStore. EventSource's own
 * retry is not used: on error the source is closed and reopened after a jittered backoff with
 * `?lastEventId=` so the server replays exactly what was missed. On `event: shutdown` the
 * next attempt waits the server's jittered `retryMs` instead, keeping the cursor.
 */
export class StreamClient {
  readonly #store: SeriesStore;
  readonly #signedIn: boolean;
  readonly #listeners = new Set<() => void>();
  /** Listeners of other named SSE events (e.g. `layout`), by event name. */
  readonly #eventListeners = new Map<string, Set<(data: unknown) => void>>();
  #state: StreamState = { status: 'reconnecting' };
  #source: EventSource | undefined;
  #lastSeq: number | undefined;
  #running = false;
  readonly #loop = new ReconnectLoop({
    connect: () => this.#connect(),
    isConnected: () => this.#source !== undefined,
    dropCurrent: () => {
      if (this.#source) this.#onDrop(this.#source);
    },
    setStatus: (status) => this.#setState({ ...this.#state, status }),
  });

  /**
   * `signedIn`: the page was rendered for a login session (access control on), so a refused
   * stream may mean the session ended and is worth asking about.
   */
  constructor(store: SeriesStore, options: { signedIn?: boolean } = {}) {
    this.#store = store;
    this.#signedIn = options.signedIn ?? false;
  }

  /** The current state (a new object on each change). */
  readonly getState = (): StreamState => this.#state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /**
   * Calls `listener` with the parsed JSON data of every `event: <name>` (an event name other
   * than snapshot/samples, e.g. `layout`). Returns the unsubscribe function.
   */
  readonly subscribeEvent = (name: string, listener: (data: unknown) => void): (() => void) => {
    let set = this.#eventListeners.get(name);
    if (!set) {
      set = new Set();
      this.#eventListeners.set(name, set);
      this.#source?.addEventListener(name, this.#dispatchNamed);
    }
    set.add(listener);
    return () => set.delete(listener);
  };

  readonly #dispatchNamed = (event: MessageEvent<string>): void => {
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      return;
    }
    for (const listener of this.#eventListeners.get(event.type) ?? []) listener(data);
  };

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop.start();
    this.#connect();
  }

  /** Closes the stream; the cursor is kept, so a later start() resumes. */
  stop(): void {
    this.#running = false;
    this.#loop.stop();
    this.#source?.close();
    this.#source = undefined;
  }

  #connect(): void {
    const source = new EventSource(streamUrl(this.#lastSeq));
    this.#source = source;
    source.onopen = () => {
      this.#loop.connected();
      this.#setState({ ...this.#state, status: 'live' });
    };
    source.onerror = () => {
      // CLOSED means the server answered with an error status (the spec's "fail the
      // connection"), so the cursor itself may be refused: start over from a snapshot.
      // CONNECTING is a network error: keep the cursor and resume.
      if (source.readyState === EventSource.CLOSED) {
        this.#lastSeq = undefined;
        // EventSource hides the status: ask whether it was a 401 (no valid session).
        if (this.#signedIn) {
          void isSessionLost().then((lost) => {
            if (lost) this.#sessionExpired();
          });
        }
      }
      this.#onDrop(source);
    };
    for (const name of this.#eventListeners.keys())
      source.addEventListener(name, this.#dispatchNamed);
    source.addEventListener(StreamEvent.SessionExpired, () => this.#sessionExpired());
    source.addEventListener(StreamEvent.Snapshot, (event) => {
      const payload = parseStreamData<SnapshotPayload>(event.data);
      if (!payload) return this.#resync(source);
      const resumed = this.#lastSeq !== undefined;
      this.#lastSeq = payload.seq;
      this.#store.applySnapshot(payload);
      if (resumed) this.#setState({ ...this.#state, resyncedAt: Date.now() });
    });
    source.addEventListener(StreamEvent.Shutdown, (event) => {
      // The server is restarting: come back after its jittered delay, not in the same burst.
      this.#onDrop(source, parseShutdownRetryMs(event.data));
    });
    source.addEventListener(StreamEvent.Samples, (event) => {
      const payload = parseStreamData<SamplesPayload>(event.data);
      if (!payload) return this.#resync(source);
      if (!isNewEvent(this.#lastSeq, payload.seq)) return;
      this.#lastSeq = payload.seq;
      this.#store.applySamples(payload);
    });
  }

  /** The login session ended: stop retrying and go to the login page. */
  #sessionExpired(): void {
    if (!this.#running) return;
    this.stop();
    goToLogin();
  }

  /** A payload we cannot read: forget the cursor and start again from a snapshot. */
  #resync(source: EventSource): void {
    this.#lastSeq = undefined;
    this.#onDrop(source);
  }

  #onDrop(source: EventSource, delayMs?: number): void {
    source.close();
    if (this.#source !== source || !this.#running) return;
    this.#source = undefined;
    this.#loop.dropped(delayMs);
  }

  #setState(state: StreamState): void {
    if (state.status === this.#state.status && state.resyncedAt === this.#state.resyncedAt) return;
    this.#state = state;
    for (const listener of this.#listeners) listener();
  }
}
