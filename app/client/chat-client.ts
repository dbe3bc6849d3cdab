import { CloseCode, type ServerFrame } from '@/lib/protocol';
import { chatReconnectDelayMs } from './backoff';
import { fetchOlderMessages } from './chat-history-api';
import { type ChatAction, type ChatState, chatReducer, initialChatState } from './chat-state';
import {
  type ChatJoinAs,
  chatUrl,
  encodeEditFrame,
  encodeMessageFrame,
  newClientMsgId,
  parseServerFrame,
} from './chat-wire';
import type { ConnectionStatus } from './connection-status';
import { ReconnectLoop } from './reconnect-loop';
import { goToLogin, isSessionLost } from './session-guard';

/** Shortest time between two typing frames we send, in milliseconds (the server relays 1/s). */
export const TYPING_SEND_INTERVAL_MS = 1000;

/** What the chat panel renders: the reduced state plus the connection status. */
export type ChatView = ChatState & { status: ConnectionStatus };

/**
 * One chat connection with its own reconnect loop: a jittered backoff (after a 1001, the jittered
 * shutdown delay of chatReconnectDelayMs), `since=<last id>` so the welcome carries exactly what
 * was missed, and every unacknowledged message resent with its clientMsgId (the server answers a
 * resend with the same ack and stores no duplicate). Its room is its join's (`join.room`).
 */
export class ChatClient {
  readonly #signedIn: boolean;
  readonly #listeners = new Set<() => void>();
  #view: ChatView = { ...initialChatState, status: 'offline' };
  #socket: WebSocket | undefined;
  /** Who this client joins as; undefined while disconnected. */
  #join: ChatJoinAs | undefined;
  #loadingOlder = false;
  #typingTimer: ReturnType<typeof setTimeout> | undefined;
  /** Whether the current socket got its welcome (a handshake refused with 401 never does). */
  #welcomed = false;
  readonly #loop = new ReconnectLoop({
    connect: () => this.#open(),
    isConnected: () => this.#socket !== undefined,
    dropCurrent: () => {
      const socket = this.#socket;
      if (!socket) return;
      this.#onClose(socket, 1006);
      socket.close();
    },
    setStatus: (status) => this.#setStatus(status),
  });
  #lastTypingSentAt = Number.NEGATIVE_INFINITY;
  readonly #onServerFrame: ((frame: ServerFrame) => void) | undefined;
  /** Set while another tab holds the socket: where this tab's frames go. */
  #forward: ((data: string) => void) | undefined;

  /**
   * `signedIn`: the page was rendered for a login session (access control on), so a refused
   * handshake may mean the session ended and is worth asking about.
   */
  constructor(options: { signedIn?: boolean; onServerFrame?: (frame: ServerFrame) => void } = {}) {
    this.#signedIn = options.signedIn ?? false;
    this.#onServerFrame = options.onServerFrame;
  }

  /**
   * Follows a chat socket another tab holds, as `name`: no socket here; this tab's frames
   * (messages, typing) go to `forward`, server frames come in through receiveFrame().
   */
  follow(join: ChatJoinAs, forward: (data: string) => void): void {
    this.disconnect();
    this.#join = join;
    this.#forward = forward;
    this.#setStatus('reconnecting');
  }

  /** Stops following and opens this tab's own socket from its lastId (the leader went away). */
  lead(): void {
    if (this.#join === undefined) return;
    this.#forward = undefined;
    this.#loop.start();
    this.#setStatus('reconnecting');
    this.#open();
  }

  /** Applies a server frame relayed by the leading tab; a welcome resends our pending to it. */
  receiveFrame(frame: ServerFrame): void {
    this.#dispatch({ type: 'server', frame, now: Date.now() });
    if (frame.type === 'typing') this.#scheduleTypingExpiry();
    if (frame.type === 'welcome') this.resendPending();
  }

  /** Catch-up from the leading tab: its state, unless this tab was welcomed or caught up already. */
  adopt(state: ChatState): void {
    if (this.#view.self !== undefined || state.self === undefined) return;
    const { pending: _theirs, error: _error, ...rest } = state;
    this.#publish({ ...this.#view, ...rest, typing: {} });
  }

  /** Shows the status of the socket another tab holds for this one. */
  showStatus(status: ConnectionStatus): void {
    this.#setStatus(status);
  }

  /** Sends a raw client frame on this tab's socket (a frame another tab forwarded). */
  sendRaw(data: string): void {
    if (this.#view.status === 'live' && !this.#forward) this.#socket?.send(data);
  }

  /** Sends every unacknowledged message again (the server stores each clientMsgId once). */
  resendPending(): void {
    for (const p of this.#view.pending) {
      const resend = encodeMessageFrame(p.text, p.clientMsgId);
      if (resend.ok) this.#transmit(resend.data);
    }
  }

  #transmit(data: string): void {
    if (this.#forward) this.#forward(data);
    else if (this.#view.status === 'live') this.#socket?.send(data);
  }

  readonly getView = (): ChatView => this.#view;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /**
   * Connects as `name` with this tab's identity `key`, or as a reader without a name (`join`
   * `{reader: true}`), replacing any connection; messages seen so far are kept.
   */
  connect(join: ChatJoinAs | string): void {
    this.disconnect();
    this.#join = typeof join === 'string' ? { name: join } : join;
    this.#loop.start();
    this.#setStatus('reconnecting');
    this.#open();
  }

  disconnect(): void {
    this.#join = undefined;
    this.#forward = undefined;
    this.#loop.stop();
    clearTimeout(this.#typingTimer);
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.close(1000, 'leaving');
    this.#setStatus('offline');
  }

  /** Queues a message (shown as pending) and sends it now if connected; false if refused. */
  send(text: string): boolean {
    const clientMsgId = newClientMsgId();
    const frame = encodeMessageFrame(text, clientMsgId);
    if (!frame.ok) {
      this.#dispatch({ type: 'error', message: frame.reason });
      return false;
    }
    const name = this.#view.self ?? this.#name ?? '';
    if (this.#join && 'reader' in this.#join) {
      this.#dispatch({ type: 'error', message: 'Choose a name to write.' });
      return false;
    }
    this.#dispatch({
      type: 'queue',
      message: { clientMsgId, name, text: text.trim(), ts: Date.now() },
    });
    this.#transmit(frame.data);
    return true;
  }

  /** Replaces the text of our message `id`; everyone (we too) gets `message_edited`. */
  edit(id: number, text: string): boolean {
    const frame = encodeEditFrame(id, text);
    if (!frame.ok) {
      this.#dispatch({ type: 'error', message: frame.reason });
      return false;
    }
    this.#transmit(frame.data);
    return true;
  }

  /** Deletes our message `id`; everyone (we too) gets `message_deleted`. */
  remove(id: number): void {
    this.#transmit(JSON.stringify({ type: 'delete', id }));
  }

  /** Loads the page of messages before the first one held (one load at a time). */
  async loadOlder(fetchFn?: typeof fetch): Promise<void> {
    if (this.#loadingOlder || !this.#view.hasOlder) return;
    this.#loadingOlder = true;
    try {
      const page = await fetchOlderMessages(this.#view.messages[0]?.id, fetchFn, this.#join?.room);
      if (page) this.#dispatch({ type: 'older', messages: page.messages, hasMore: page.hasMore });
    } finally {
      this.#loadingOlder = false;
    }
  }

  /** The name this client joins as (undefined for a reader or while disconnected). */
  get #name(): string | undefined {
    return this.#join && 'name' in this.#join ? this.#join.name : undefined;
  }

  /** Tells the others we are typing, at most once per TYPING_SEND_INTERVAL_MS. */
  typing(): void {
    const now = Date.now();
    if (this.#view.status !== 'live' || now - this.#lastTypingSentAt < TYPING_SEND_INTERVAL_MS)
      return;
    this.#lastTypingSentAt = now;
    this.#transmit(JSON.stringify({ type: 'typing' }));
  }

  #open(): void {
    if (this.#join === undefined) return;
    const socket = new WebSocket(chatUrl(window.location, this.#join, this.#view.lastId));
    this.#socket = socket;
    this.#welcomed = false;
    socket.onmessage = (event) => {
      if (this.#socket !== socket) return;
      const frame = parseServerFrame(event.data);
      if (frame) this.#onFrame(frame);
    };
    socket.onclose = (event) => this.#onClose(socket, event.code);
  }

  #onFrame(frame: ServerFrame): void {
    this.#onServerFrame?.(frame);
    this.#dispatch({ type: 'server', frame, now: Date.now() });
    if (frame.type === 'typing') this.#scheduleTypingExpiry();
    if (frame.type !== 'welcome') return;
    this.#welcomed = true;
    this.#loop.connected();
    this.#setStatus('live');
    this.resendPending();
  }

  #onClose(socket: WebSocket, code: number): void {
    if (this.#socket !== socket || this.#join === undefined) return;
    this.#socket = undefined;
    if (code === CloseCode.SessionExpired) {
      this.#sessionExpired();
      return;
    }
    if (code === CloseCode.RoomGone || code === CloseCode.NameTaken) {
      this.#refused(code);
      return;
    }
    // A refused handshake (401 without a session) reaches the browser as a bare 1006.
    if (!this.#welcomed && this.#signedIn) {
      void isSessionLost().then((lost) => {
        if (lost) this.#sessionExpired();
      });
    }
    // Server restarting (1001): a jittered delay; rate limited (1008): slowly; else backoff.
    this.#loop.dropped(chatReconnectDelayMs(code));
  }

  /** Closed for good: name taken (4409) or board deleted (4410); a retry would be refused. */
  #refused(code: number): void {
    const taken = code === CloseCode.NameTaken ? this.#name : undefined;
    this.disconnect();
    this.#dispatch({ type: 'error', message: taken ? undefined : 'This board was deleted.' });
    if (taken !== undefined) this.#dispatch({ type: 'name-taken', name: taken });
  }

  /** The login session ended: stop reconnecting and go to the login page. */
  #sessionExpired(): void {
    if (this.#join === undefined) return;
    this.disconnect();
    goToLogin();
  }

  #scheduleTypingExpiry(): void {
    const ends = Object.values(this.#view.typing);
    if (ends.length === 0) return;
    clearTimeout(this.#typingTimer);
    const next = Math.min(...ends) - Date.now();
    this.#typingTimer = setTimeout(() => {
      this.#dispatch({ type: 'expire-typing', now: Date.now() });
      this.#scheduleTypingExpiry();
    }, Math.max(0, next) + 10);
  }

  #dispatch(action: ChatAction): void {
    const { status, ...state } = this.#view;
    const next = chatReducer(state, action);
    if (next !== state) this.#publish({ ...next, status });
  }

  #setStatus(status: ConnectionStatus): void {
    if (status !== this.#view.status) this.#publish({ ...this.#view, status });
  }

  #publish(view: ChatView): void {
    this.#view = view;
    for (const listener of this.#listeners) listener();
  }
}
