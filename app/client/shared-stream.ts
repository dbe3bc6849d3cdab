import type { ConnectionStatus } from './connection-status';
import type { SeriesStore } from './series-store';
import { StreamClient, type StreamState } from './stream-client';
import { STREAM_LEADER_LOCK, TabBus, TabLeadership, type TabPlatform } from './tab-leadership';

/**
 * How long every tab of the page must stay hidden before the leader closes the stream, in
 * milliseconds (a quick switch away and back keeps it open).
 */
export const TABS_HIDDEN_GRACE_MS = 5000;

/** Messages of the stream relay between tabs. */
export type StreamRelayMessage =
  /** Leader → all: a new leader holds the stream; followers answer with `hello`. */
  | { t: 'leader' }
  /** Leader → all: one SSE event as received (name and data, generically). */
  | { t: 'sse'; name: string; data: string }
  /** Leader → all: the stream's status. */
  | { t: 'status'; status: ConnectionStatus }
  /** Leader → one tab: catch-up, the leader's store as a snapshot at its cursor (if it has one). */
  | { t: 'sync'; to: string; snapshot: string | undefined; status: ConnectionStatus }
  /** Follower → leader: joined (or a new leader asked), with its visibility and wanted events. */
  | { t: 'hello'; visible: boolean; events: string[] }
  /** Follower → leader: its visibility changed. */
  | { t: 'visibility'; visible: boolean }
  /** Follower → leader: an SSE event name it listens for (beyond snapshot and samples). */
  | { t: 'want'; name: string }
  /** Follower → leader: the tab is going away. */
  | { t: 'bye' };

const STREAM_TOPIC = 'stream';

/** How the relay sees the page: whether it is visible, and a way to hear changes. */
export type PageVisibility = {
  visible: () => boolean;
  onChange: (listener: () => void) => () => void;
  onLeave: (listener: () => void) => () => void;
};

/**
 * One metric stream per browser. With a platform (Web Locks and BroadcastChannel) the tab that
 * holds STREAM_LEADER_LOCK runs the StreamClient's EventSource and posts every event on the
 * channel; the other tabs feed their own SeriesStore from it (after a catch-up snapshot). When
 * the leader goes, the next tab in the lock queue opens the stream from its own cursor. Without
 * a platform the tab leads alone. Either way the leader closes the stream once every tab has been
 * hidden for TABS_HIDDEN_GRACE_MS and reopens it from the cursor when one is visible again.
 * Components see the StreamClient API (getState, subscribe) plus subscribeEvent.
 */
export class SharedStream {
  readonly #client: StreamClient;
  readonly #store: SeriesStore;
  readonly #platform: TabPlatform | undefined;
  readonly #page: PageVisibility;
  readonly #eventListeners = new Map<string, Set<(data: string) => void>>();
  /** Followers' visibility, by tab id (leader only). */
  readonly #tabs = new Map<string, boolean>();
  readonly #wanted = new Set<string>();
  #bus: TabBus<StreamRelayMessage> | undefined;
  #leadership: TabLeadership | undefined;
  #leading = false;
  #started = false;
  #hiddenTimer: ReturnType<typeof setTimeout> | undefined;
  #cleanups: (() => void)[] = [];

  constructor(
    store: SeriesStore,
    options: { signedIn?: boolean; platform: TabPlatform | undefined; page: PageVisibility },
  ) {
    this.#store = store;
    this.#platform = options.platform;
    this.#page = options.page;
    this.#client = new StreamClient(store, {
      signedIn: options.signedIn ?? false,
      onEvent: (name, data) => this.#onLeaderEvent(name, data),
      extraEvents: () => [...new Set([...this.#eventListeners.keys(), ...this.#wanted])],
    });
  }

  readonly getState = (): StreamState => this.#client.getState();
  readonly subscribe = (listener: () => void): (() => void) => this.#client.subscribe(listener);

  /** Whether this tab holds the stream (tests and the status tooltip). */
  get leading(): boolean {
    return this.#leading;
  }

  /** Calls `listener` with the data of every SSE event called `name`; returns the unsubscribe. */
  readonly subscribeEvent = (name: string, listener: (data: string) => void): (() => void) => {
    let set = this.#eventListeners.get(name);
    if (!set) {
      set = new Set();
      this.#eventListeners.set(name, set);
    }
    set.add(listener);
    if (this.#leading) this.#client.listenFor(name);
    else this.#bus?.post({ t: 'want', name });
    return () => {
      set.delete(listener);
    };
  };

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#cleanups.push(this.#page.onChange(() => this.#onVisibility()));
    const platform = this.#platform;
    if (!platform) {
      this.#becomeLeader();
      return;
    }
    this.#bus = new TabBus<StreamRelayMessage>(platform, STREAM_TOPIC, (m, from) =>
      this.#onMessage(m, from),
    );
    this.#cleanups.push(this.#page.onLeave(() => this.#leave()));
    this.#leadership = new TabLeadership(platform.locks, STREAM_LEADER_LOCK, () =>
      this.#becomeLeader(),
    );
    this.#hello();
    this.#leadership.request();
  }

  stop(): void {
    if (!this.#started) return;
    this.#leave();
    this.#started = false;
    for (const cleanup of this.#cleanups) cleanup();
    this.#cleanups = [];
  }

  #leave(): void {
    clearTimeout(this.#hiddenTimer);
    if (!this.#leading) this.#bus?.post({ t: 'bye' });
    this.#client.stop();
    this.#leadership?.release();
    this.#leadership = undefined;
    this.#bus?.close();
    this.#bus = undefined;
    this.#leading = false;
  }

  #becomeLeader(): void {
    this.#leading = true;
    this.#tabs.clear();
    this.#cleanups.push(
      this.#client.subscribe(() => {
        if (this.#leading) this.#bus?.post({ t: 'status', status: this.#client.getState().status });
      }),
    );
    this.#bus?.post({ t: 'leader' });
    // Open at once; if every tab stays hidden the grace timer closes it again.
    this.#client.start();
    this.#onVisibility();
  }

  #hello(): void {
    this.#bus?.post({
      t: 'hello',
      visible: this.#page.visible(),
      events: [...this.#eventListeners.keys()],
    });
  }

  #onLeaderEvent(name: string, data: string): void {
    this.#bus?.post({ t: 'sse', name, data });
    this.#emit(name, data);
  }

  #emit(name: string, data: string): void {
    for (const listener of this.#eventListeners.get(name) ?? []) listener(data);
  }

  #onMessage(message: StreamRelayMessage, from: string): void {
    if (this.#leading) this.#onFollowerMessage(message, from);
    else this.#onLeaderMessage(message);
  }

  #onLeaderMessage(message: StreamRelayMessage): void {
    switch (message.t) {
      case 'leader':
        this.#hello();
        return;
      case 'sse':
        this.#client.receive(message.name, message.data);
        this.#emit(message.name, message.data);
        return;
      case 'status':
        this.#client.showStatus(message.status);
        return;
      case 'sync':
        if (message.to !== this.#bus?.tabId) return;
        // A tab that already follows the stream keeps its cursor; only a newcomer catches up.
        if (message.snapshot !== undefined && this.#client.lastSeq === undefined) {
          this.#client.receive('snapshot', message.snapshot);
        }
        this.#client.showStatus(message.status);
        return;
      default:
        return;
    }
  }

  #onFollowerMessage(message: StreamRelayMessage, from: string): void {
    switch (message.t) {
      case 'hello': {
        this.#tabs.set(from, message.visible);
        for (const name of message.events) this.#want(name);
        const seq = this.#client.lastSeq;
        this.#bus?.post({
          t: 'sync',
          to: from,
          snapshot: seq === undefined ? undefined : JSON.stringify(this.#store.toSnapshot(seq)),
          status: this.#client.getState().status,
        });
        this.#onVisibility();
        return;
      }
      case 'visibility':
        this.#tabs.set(from, message.visible);
        this.#onVisibility();
        return;
      case 'bye':
        this.#tabs.delete(from);
        this.#onVisibility();
        return;
      case 'want':
        this.#want(message.name);
        return;
      case 'sse':
        // The previous leader's last events, posted as it left and heard after this tab took
        // over: they move the cursor, so the replay of this tab's new stream drops them
        // (samples at or before the cursor) instead of relaying them a second time.
        this.#client.receive(message.name, message.data);
        this.#emit(message.name, message.data);
        return;
      default:
        return;
    }
  }

  #want(name: string): void {
    this.#wanted.add(name);
    this.#client.listenFor(name);
  }

  #allHidden(): boolean {
    if (this.#page.visible()) return false;
    for (const visible of this.#tabs.values()) if (visible) return false;
    return true;
  }

  #onVisibility(): void {
    if (!this.#leading) {
      this.#bus?.post({ t: 'visibility', visible: this.#page.visible() });
      return;
    }
    if (!this.#allHidden()) {
      clearTimeout(this.#hiddenTimer);
      this.#hiddenTimer = undefined;
      if (!this.#client.running) this.#client.start();
      return;
    }
    if (this.#hiddenTimer !== undefined || !this.#client.running) return;
    this.#hiddenTimer = setTimeout(() => {
      this.#hiddenTimer = undefined;
      if (this.#leading && this.#allHidden()) this.#client.pause();
    }, TABS_HIDDEN_GRACE_MS);
  }
}

/** The page's visibility through `document` (visibilitychange, pagehide). */
export function documentVisibility(): PageVisibility {
  return {
    visible: () => document.visibilityState === 'visible',
    onChange: (listener) => {
      document.addEventListener('visibilitychange', listener);
      return () => document.removeEventListener('visibilitychange', listener);
    },
    onLeave: (listener) => {
      window.addEventListener('pagehide', listener);
      return () => window.removeEventListener('pagehide', listener);
    },
  };
}
