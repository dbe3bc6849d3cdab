import type { ServerFrame } from '@/lib/protocol';
import { ChatClient, type ChatView } from './chat-client';
import type { ChatState } from './chat-state';
import type { ChatJoinAs } from './chat-wire';
import type { ConnectionStatus } from './connection-status';
import { CHAT_LEADER_LOCK, TabBus, TabLeadership, type TabPlatform } from './tab-leadership';

/** Messages of the chat relay between tabs. */
export type ChatRelayMessage =
  /** Leader → all: a new leader holds the socket; followers answer with `hello`. */
  | { t: 'leader' }
  /** Leader → all: one server frame (an ack is turned into the `message` frame it confirms). */
  | { t: 'frame'; frame: ServerFrame }
  /** Leader → all: the socket's status. */
  | { t: 'status'; status: ConnectionStatus }
  /** Leader → one tab: catch-up, the leader's chat state (without its pending messages). */
  | { t: 'sync'; to: string; state: ChatState; status: ConnectionStatus }
  /** Follower → leader: joined (or a new leader asked). */
  | { t: 'hello' }
  /** Follower → leader: a client frame (message with clientMsgId, or typing) to send. */
  | { t: 'send'; data: string };

const CHAT_TOPIC = 'chat';
/** Most forwarded messages the leader remembers while waiting for their ack (oldest dropped). */
export const RELAYED_PENDING_MAX_MESSAGES = 500;

/**
 * One chat socket per browser. Tabs with a chat name queue for CHAT_LEADER_LOCK; the holder runs
 * the ChatClient's socket and posts every server frame on the channel; the others feed their
 * own chat state from it and forward their frames (message, typing) to it. The server acks only
 * the sending socket, so the leader turns each ack into the `message` frame it confirms (with
 * the text the sending tab forwarded), which settles the pending message in the tab that sent
 * it and shows it in every other tab. When the leader goes, the next tab opens the socket with
 * `since=<its last id>` and every tab resends its unacknowledged messages (same clientMsgId).
 */
export class SharedChat {
  readonly client: ChatClient;
  readonly #platform: TabPlatform | undefined;
  /** Texts of messages other tabs forwarded, by clientMsgId, until acked (leader only). */
  readonly #relayed = new Map<string, string>();
  #bus: TabBus<ChatRelayMessage> | undefined;
  #leadership: TabLeadership | undefined;
  #leading = false;
  #unsubscribeStatus: (() => void) | undefined;

  constructor(options: { signedIn?: boolean; platform: TabPlatform | undefined }) {
    this.#platform = options.platform;
    this.client = new ChatClient({
      signedIn: options.signedIn ?? false,
      onServerFrame: (frame) => this.#relayFrame(frame),
    });
  }

  readonly getView = (): ChatView => this.client.getView();
  readonly subscribe = (listener: () => void): (() => void) => this.client.subscribe(listener);

  get leading(): boolean {
    return this.#leading;
  }

  /**
   * Joins the chat as `join` (a name, or a reader): leads at once without a platform, else
   * follows until elected. Only tabs of one `scope` share a socket (issue 13: each tab has its
   * own identity key, so tabs share one only when they share the key, or when all read).
   */
  connect(join: ChatJoinAs | string, scope = ''): void {
    this.disconnect();
    const platform = this.#platform;
    if (!platform) {
      this.client.connect(join);
      return;
    }
    const topic = scope === '' ? CHAT_TOPIC : `${CHAT_TOPIC}:${scope}`;
    const lock = scope === '' ? CHAT_LEADER_LOCK : `${CHAT_LEADER_LOCK}:${scope}`;
    this.#bus = new TabBus<ChatRelayMessage>(platform, topic, (m, from) =>
      this.#onMessage(m, from),
    );
    const as = typeof join === 'string' ? { name: join } : join;
    this.client.follow(as, (data) => this.#bus?.post({ t: 'send', data }));
    this.#bus.post({ t: 'hello' });
    this.#leadership = new TabLeadership(platform.locks, lock, () => this.#lead());
    this.#leadership.request();
  }

  disconnect(): void {
    this.client.disconnect();
    this.#unsubscribeStatus?.();
    this.#unsubscribeStatus = undefined;
    this.#leadership?.release();
    this.#leadership = undefined;
    this.#bus?.close();
    this.#bus = undefined;
    this.#leading = false;
    this.#relayed.clear();
  }

  #lead(): void {
    this.#leading = true;
    this.#unsubscribeStatus = this.client.subscribe(() => {
      if (this.#leading) this.#bus?.post({ t: 'status', status: this.client.getView().status });
    });
    this.#bus?.post({ t: 'leader' });
    this.client.lead();
  }

  #onMessage(message: ChatRelayMessage, from: string): void {
    if (this.#leading) {
      if (message.t === 'hello') {
        const { status, ...state } = this.client.getView();
        this.#bus?.post({ t: 'sync', to: from, state: { ...state, pending: [] }, status });
      } else if (message.t === 'send') {
        this.#forwardFromTab(message.data);
      }
      return;
    }
    switch (message.t) {
      case 'leader':
        this.#bus?.post({ t: 'hello' });
        return;
      case 'frame':
        this.client.receiveFrame(message.frame);
        return;
      case 'status':
        this.client.showStatus(message.status);
        return;
      case 'sync':
        if (message.to !== this.#bus?.tabId) return;
        this.client.adopt(message.state);
        this.client.showStatus(message.status);
        if (message.status === 'live') this.client.resendPending();
        return;
      default:
        return;
    }
  }

  /** A frame another tab wants sent: remember a message's text for its ack, then send it. */
  #forwardFromTab(data: string): void {
    try {
      const frame = JSON.parse(data) as { type?: unknown; text?: unknown; clientMsgId?: unknown };
      if (frame.type === 'message' && typeof frame.clientMsgId === 'string') {
        if (typeof frame.text === 'string') this.#relayed.set(frame.clientMsgId, frame.text);
        if (this.#relayed.size > RELAYED_PENDING_MAX_MESSAGES) {
          const oldest = this.#relayed.keys().next().value;
          if (oldest !== undefined) this.#relayed.delete(oldest);
        }
      }
    } catch {
      return;
    }
    this.client.sendRaw(data);
  }

  /**
   * Leader: posts a server frame to the other tabs (called before this tab applies it). An ack
   * becomes the message it confirms, for every tab, this one included.
   */
  #relayFrame(frame: ServerFrame): void {
    if (!this.#bus) return;
    if (frame.type !== 'ack' || frame.clientMsgId === null) {
      this.#bus.post({ t: 'frame', frame });
      return;
    }
    const clientMsgId = frame.clientMsgId;
    const view = this.client.getView();
    const text =
      view.pending.find((p) => p.clientMsgId === clientMsgId)?.text ??
      this.#relayed.get(clientMsgId);
    this.#relayed.delete(clientMsgId);
    if (text === undefined || view.self === undefined) return;
    const message: ServerFrame = {
      type: 'message',
      id: frame.id,
      name: view.self,
      text,
      ts: frame.ts,
      clientMsgId,
    };
    this.#bus.post({ t: 'frame', frame: message });
    // Another tab's message: the ack alone would not show it here.
    this.client.receiveFrame(message);
  }
}
