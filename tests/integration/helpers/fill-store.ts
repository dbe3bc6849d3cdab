import type { ChatClient } from './chat-client';
import { type ApiResponse, postMetrics } from './http-api';

/** Most requests a fill may take before the test gives up on reaching "full". */
const FILL_MAX_REQUESTS = 2000;

export type FillResult = {
  /** Every batch answered 200, with its last seq. */
  accepted: { seq: number; values: number[] }[];
  /** The first refusal of a one-sample batch (the store is full to the page). */
  refusal: ApiResponse;
};

/**
 * Pushes batches of `series` until even a one-sample batch is refused: large batches first,
 * then single samples, so no page is left with room. Values are 0, 1, 2, ... in push order.
 */
export async function fillWithSamples(
  url: string,
  series: string,
  batchSize: number,
): Promise<FillResult> {
  const accepted: FillResult['accepted'] = [];
  let next = 0;
  let size = batchSize;
  // An hour ago, one ms per sample: inside the window ingest accepts (raw retention behind,
  // INGEST_MAX_FUTURE_MS ahead) for the first 3.9 million samples.
  const firstTs = Date.now() - 3_600_000;
  for (let i = 0; i < FILL_MAX_REQUESTS; i++) {
    const values = Array.from({ length: size }, (_, k) => next + k);
    const samples = values.map((value) => ({ series, value, ts: firstTs + value }));
    const response = await postMetrics(url, JSON.stringify({ samples }));
    if (response.status === 200) {
      accepted.push({ seq: (response.body as { seq: number }).seq, values });
      next += size;
      continue;
    }
    if (size === 1) return { accepted, refusal: response };
    size = Math.max(1, Math.floor(size / 4));
  }
  throw new Error(`The store was not full after ${FILL_MAX_REQUESTS} requests`);
}

/**
 * Sends chat messages of `text` until one is refused with an error frame; resolves with the
 * acked ids and the error frame.
 */
export async function fillWithChat(
  chat: ChatClient,
  text: string,
  maxMessages: number,
): Promise<{ acked: number[]; error: unknown }> {
  const acked: number[] = [];
  for (let i = 0; i < maxMessages; i++) {
    chat.send({ type: 'message', text, clientMsgId: `fill-${i}` });
    const frame = await chat.log.next(
      (f) => f.type === 'ack' || f.type === 'error',
      undefined,
      'an ack or an error',
    );
    if (frame.type === 'error') return { acked, error: frame };
    if (frame.type === 'ack') acked.push(frame.id);
  }
  throw new Error(`No chat message was refused after ${maxMessages}`);
}
