import {
  type SamplesPayload,
  type SeriesDeletedPayload,
  type SnapshotPayload,
  StreamEvent,
} from '@/lib/protocol';
import type { ConnectionStatus } from './connection-status';
import { ReconnectLoop } from './reconnect-loop';
import type { SeriesStore } from './series-store';
import { goToLogin, isSessionLost } from './session-guard';
import { isNewEvent, parseShutdownRetryMs, parseStreamData, streamUrl } from './stream-cursor';

/** What the stream indicator shows; `resyncedAt` is set when a resume fell back to a snapshot. */
export type StreamState = { status: ConnectionStatus; resyncedAt?: number };

/** Called with every event the stream received (name, data, SSE id): the tab relay's tap. */
export type StreamEventListener = (name: string, data: string, id: string | undefined) => void;

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
  #state: StreamState = { status: 'reconnecting' };
  #source: EventSource | undefined;
  #lastSeq: number | undefined;
  /** The database epoch of the last snapshot: sent with the cursor (`<seq>:<epoch>`). */
  #epoch: string | undefined;
  #running = false;
  readonly #onEvent: StreamEventListener | undefined;
  readonly #extraEvents: () => string[];
  /** Event names relayed from the current source (beyond the ones this client handles). */
  #listening = new Set<string>();
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
  constructor(
    store: SeriesStore,
    options: {
      signedIn?: boolean;
      onEvent?: StreamEventListener;
      extraEvents?: () => string[];
    } = {},
  ) {
    this.#store = store;
    this.#signedIn = options.signedIn ?? false;
    this.#onEvent = options.onEvent;
    this.#extraEvents = options.extraEvents ?? (() => []);
  }

  /** The seq of the last event applied (the resume cursor), undefined before a snapshot. */
  get lastSeq(): number | undefined {
    return this.#lastSeq;
  }

  /** Whether an EventSource is wanted (start() was called and not stopped or paused). */
  get running(): boolean {
    return this.#running;
  }

  /**
   * Applies one event that another tab's stream received (this tab follows): a snapshot
   * replaces the store, samples at or below the cursor are dropped. Samples before the first
   * snapshot are dropped too (the caller first asks the leader for a catch-up snapshot).
   */
  receive(name: string, data: string): void {
    if (name === StreamEvent.Snapshot) {
      const payload = parseStreamData<SnapshotPayload>(data);
      if (payload) this.#applySnapshot(payload);
    } else if (name === StreamEvent.Samples) {
      const payload = parseStreamData<SamplesPayload>(data);
      if (payload && this.#lastSeq !== undefined && isNewEvent(this.#lastSeq, payload.seq)) {
        this.#lastSeq = payload.seq;
        this.#store.applySamples(payload);
      }
    } else if (name === StreamEvent.SeriesDeleted) {
      this.#applyDeleted(data);
    } else if (name === StreamEvent.SessionExpired) {
      goToLogin();
    }
  }

  /** Shows the status of the stream another tab holds for this one. */
  showStatus(status: ConnectionStatus): void {
    this.#setState({ ...this.#state, status });
  }

  /** Closes the stream (keeping the cursor) and shows `paused`: every tab is hidden. */
  pause(): void {
    this.stop();
    this.#setState({ ...this.#state, status: 'paused' });
  }

  /** Listens for a further named event on the open stream (a name another tab asked for). */
  listenFor(name: string): void {
    if (this.#source && !this.#listening.has(name)) this.#relayOnly(this.#source, name);
  }

  /** The current state (a new object on each change). */
  readonly getState = (): StreamState => this.#state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  start(): void {
    if (this.#running) return;
    this.#running = true;
    if (this.#state.status === 'paused') this.#setState({ ...this.#state, status: 'reconnecting' });
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
    const source = new EventSource(streamUrl(this.#lastSeq, this.#epoch));
    this.#source = source;
    this.#listening = new Set();
    for (const name of this.#extraEvents()) this.#relayOnly(source, name);
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
    source.addEventListener(StreamEvent.SessionExpired, (event) => {
      this.#relay(StreamEvent.SessionExpired, event);
      this.#sessionExpired();
    });
    source.addEventListener(StreamEvent.Snapshot, (event) => {
      const payload = parseStreamData<SnapshotPayload>(event.data);
      if (!payload) return this.#resync(source);
      this.#applySnapshot(payload);
      this.#relay(StreamEvent.Snapshot, event);
    });
    source.addEventListener(StreamEvent.Shutdown, (event) => {
      // The server is restarting: come back after its jittered delay, not in the same burst.
      this.#onDrop(source, parseShutdownRetryMs(event.data));
    });
    source.addEventListener(StreamEvent.SeriesDeleted, (event) => {
      this.#applyDeleted(event.data);
      this.#relay(StreamEvent.SeriesDeleted, event);
    });
    source.addEventListener(StreamEvent.Samples, (event) => {
      const payload = parseStreamData<SamplesPayload>(event.data);
      if (!payload) return this.#resync(source);
      if (!isNewEvent(this.#lastSeq, payload.seq)) return;
      this.#lastSeq = payload.seq;
      this.#store.applySamples(payload);
      this.#relay(StreamEvent.Samples, event);
    });
  }

  #applySnapshot(payload: SnapshotPayload): void {
    const resumed = this.#lastSeq !== undefined;
    this.#lastSeq = payload.seq;
    this.#epoch = payload.epoch;
    this.#store.applySnapshot(payload);
    if (resumed) this.#setState({ ...this.#state, resyncedAt: Date.now() });
  }

  /** `event: series-deleted`: the store forgets the series (no cursor move: the event has no id). */
  #applyDeleted(data: unknown): void {
    const name = parseSeriesDeleted(data);
    if (name !== undefined) this.#store.deleteSeries(name);
  }

  #relayOnly(source: EventSource, name: string): void {
    this.#listening.add(name);
    source.addEventListener(name, (event) => this.#relay(name, event as MessageEvent));
  }

  #relay(name: string, event: Event): void {
    const { data, lastEventId } = event as MessageEvent;
    if (typeof data === 'string') this.#onEvent?.(name, data, lastEventId || undefined);
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

/** The series name of an `event: series-deleted` payload; undefined when it has none. */
export function parseSeriesDeleted(data: unknown): string | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const value = JSON.parse(data) as Partial<SeriesDeletedPayload> | null;
    return typeof value?.series === 'string' ? value.series : undefined;
  } catch {
    return undefined;
  }
}
