/** WebSocket close codes the chat server uses (RFC 6455 section 7.4.1). */
export const CloseCode = {
  /** Server shutting down; clients should reconnect. */
  GoingAway: 1001,
  /** Sustained flooding after a `rate_limited` error. */
  PolicyViolation: 1008,
  /** A frame larger than CHAT_FRAME_MAX_BYTES. */
  MessageTooBig: 1009,
  /** The client could not keep up with what it was sent (send buffer full). */
  TryAgainLater: 1013,
  /** The login session expired (access control on): sign in again, do not just reconnect. */
  SessionExpired: 4401,
  /** The chat name is held by another identity (after an error frame `name_taken`). */
  NameTaken: 4409,
  /** The room's board was deleted (`board deleted`): the client goes to another room. */
  RoomGone: 4410,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
