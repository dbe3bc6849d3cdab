/** What a client asked for. */
export type StreamRequest = {
  /** Snapshot window, in seconds. */
  windowS: number;
  /** Only these series (undefined: all). */
  series?: readonly string[];
  /** Resume cursor from `Last-Event-ID` or `?lastEventId` (its seq). */
  lastEventId?: number;
  /**
   * The database epoch the cursor belongs to (`<seq>:<epoch>`), when the client gave it: a
   * cursor of another epoch (a recreated or restored database) gets a snapshot.
   */
  lastEpoch?: string;
};
