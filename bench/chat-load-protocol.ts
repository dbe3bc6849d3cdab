import type { Lag } from './load-child';

/** A sent bench message: its index, the global index of its sender, and when it was sent. */
export type ChatSend = { k: number; sender: number; at: number };

/** Commands the orchestrator sends to a chat load generator (bench/chat-load.ts). */
export type ChatLoadCommand =
  | {
      type: 'open';
      /** The chat URL without `name`; each socket adds `?name=b<index>`. */
      url: string;
      /** Global indices of the sockets this process opens. */
      indices: number[];
      /** Sockets this process opens at once before waiting for their welcomes. */
      batchSize: number;
      /** Source address to bind (127.0.0.N). */
      localAddress: string;
      /** Longest wait for a welcome, in milliseconds. */
      timeoutMs: number;
    }
  | { type: 'measure' }
  | { type: 'send'; sender: number; k: number }
  | {
      type: 'collect';
      /** Every message sent in the scenario, by any process. */
      sends: ChatSend[];
      /** Wall-clock time after which missing messages count as lost. */
      deadlineAt: number;
    }
  | { type: 'close' };

export type ChatOpened = {
  type: 'opened';
  opened: number;
  failed: number;
  /** Time from the handshake request to the welcome, per opened socket, in milliseconds. */
  welcomeMs: number[];
  errors: Record<string, number>;
};

export type ChatCollected = {
  type: 'collected';
  /** Receive minus send time of every (receiver, message) pair that arrived, in milliseconds. */
  latenciesMs: Float64Array;
  /** Per message (by position in `sends`), when the last receiver of this process had it. */
  lastAt: number[];
  /** (receiver, message) pairs that never arrived. */
  lost: number;
  /** Extra copies of a message at a receiver, plus echoes of a message to its own sender. */
  duplicates: number;
  /** Ack minus send time of each message sent from this process, in milliseconds. */
  ackLatenciesMs: number[];
  acksMissing: number;
  /** Bench messages delivered to receivers of this process. */
  deliveries: number;
  /** Frames of any kind since `measure`. */
  frames: number;
  open: number;
  dropped: number;
  lag: Lag;
};

export type ChatLoadReply =
  | ChatOpened
  | ChatCollected
  | { type: 'sent'; at: number }
  | { type: 'ok' };
