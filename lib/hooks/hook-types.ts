import type { ChatMessage, ServerFrame } from '@/lib/protocol';
import type { ScrapeConfig } from '@/lib/scrape/scrape-config';

/**
 * What a stream asked for: the parsed `GET /api/stream` query (lib/stream/parse-stream-request.ts).
 * Structural, so hooks know nothing of the stream's code.
 */
export type StreamHookRequest = {
  /** Snapshot window, in seconds. */
  readonly windowS: number;
  /** Only these series (undefined: all). */
  readonly series?: readonly string[] | undefined;
  /** Resume cursor from `Last-Event-ID` or `?lastEventId`. */
  readonly lastEventId?: number | undefined;
};

/** What a chat hook knows about the connection it is called for. */
export type ChatHookContext = {
  readonly connectionId: string;
  readonly name: string;
  readonly remoteAddress: string | undefined;
  /** The connection's chat room: `general` or a board's slug (docs/protocol.md#rooms). */
  readonly room: string;
  /** Sends a frame to this connection only. */
  send(frame: ServerFrame): void;
  /**
   * Posts `text` in this connection's room as the system author (`Pulseboard`, frames with
   * `"system": true`), stored and relayed to everyone in the room, on every instance. Called
   * from `onMessage`, it is posted after the message being screened (stored or rejected), so
   * an answer to a command follows the command. Resolves with the stored message.
   */
  postSystem(text: string): Promise<ChatMessage>;
};

/** What a stream hook knows about the SSE stream it is called for. */
export type StreamHookContext = {
  readonly connectionId: string;
  readonly remoteAddress: string | undefined;
  readonly request: StreamHookRequest;
};

/**
 * What `onMessage` may decide: nothing (store and relay as is), a new text (store and relay
 * that instead), or a rejection (the sender gets an error frame `message_rejected`, nothing is
 * stored).
 */
export type MessageVerdict = undefined | { text: string } | { reject: string };

/**
 * Code plugged into both transports, in the spirit of Ratchet's MessageComponentInterface.
 * Every method is optional. A hook that throws is logged and skipped: the connection and the
 * other hooks carry on. Hooks run synchronously on the event loop; keep them quick.
 */
export interface PulseboardHooks {
  /** Shown in logs when the hook fails. */
  readonly name: string;
  /** A chat socket was welcomed. */
  onOpen?(ctx: ChatHookContext): void;
  /** A valid chat message arrived, before it is stored. */
  onMessage?(ctx: ChatHookContext, message: { text: string }): MessageVerdict | undefined;
  /** A chat socket closed with `code`. */
  onClose?(ctx: ChatHookContext, code: number): void;
  /** A chat socket reported an error. */
  onError?(ctx: ChatHookContext, error: unknown): void;
  /**
   * An SSE stream was registered with the hub; its first event (snapshot or replay) follows once
   * the store has answered (the hub buffers what is committed meanwhile).
   */
  onStreamOpen?(ctx: StreamHookContext): void;
  /** An SSE stream ended (client gone, too slow, or shutdown). */
  onStreamClose?(ctx: StreamHookContext, durationMs: number): void;
}

/** The shape of `pulseboard.config.ts`. */
export type PulseboardConfig = {
  hooks?: readonly PulseboardHooks[];
  /** Prometheus targets to scrape, besides SCRAPE_TARGETS (docs/ingest.md#prometheus-scrape). */
  scrape?: ScrapeConfig;
};
