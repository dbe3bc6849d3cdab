import type { ChatLoadCommand, ChatLoadReply, ChatOpened } from './chat-load-protocol';
import { FIRST_EVENT_TIMEOUT_MS, OPEN_BATCH_SIZE, OPEN_PHASE_TIMEOUT_MS } from './config';
import { type LoadFleet, shareOf } from './load-process';
import { nextSourceAddress } from './source-address';
import type { SseLoadCommand, SseLoadReply, SseOpened } from './sse-load-protocol';

export type SseFleet = LoadFleet<SseLoadCommand, SseLoadReply>;
export type ChatFleet = LoadFleet<ChatLoadCommand, ChatLoadReply>;

/**
 * Opens `clients` streams of `${url}/api/stream`, spread over the fleet's processes, in ramped
 * batches of OPEN_BATCH_SIZE, from a source address of their own.
 */
export async function openStreams(
  url: string,
  fleet: SseFleet,
  clients: number,
): Promise<SseOpened[]> {
  const localAddress = nextSourceAddress();
  const processes = fleet.processes.length;
  const replies = await fleet.all(
    (i) => ({
      type: 'open',
      url: `${url}/api/stream`,
      count: shareOf(clients, processes, i),
      batchSize: Math.ceil(OPEN_BATCH_SIZE / processes),
      localAddress,
      timeoutMs: FIRST_EVENT_TIMEOUT_MS,
    }),
    OPEN_PHASE_TIMEOUT_MS,
    `open ${clients} streams`,
  );
  return replies as SseOpened[];
}

/**
 * Opens `clients` chat sockets `${wsUrl}?name=b<i>` (socket i on process i mod processes) in
 * ramped batches of OPEN_BATCH_SIZE, each waiting for its welcome. Given several URLs (one per
 * instance of a cluster), process p opens its sockets on URL p mod their number.
 */
export async function openChatSockets(
  wsUrl: string | readonly string[],
  fleet: ChatFleet,
  clients: number,
): Promise<ChatOpened[]> {
  const processes = fleet.processes.length;
  const localAddress = nextSourceAddress();
  const replies = await fleet.all(
    (p) => ({
      type: 'open',
      url: typeof wsUrl === 'string' ? wsUrl : (wsUrl[p % wsUrl.length] as string),
      indices: Array.from({ length: clients }, (_, i) => i).filter((i) => i % processes === p),
      batchSize: Math.ceil(OPEN_BATCH_SIZE / processes),
      localAddress,
      timeoutMs: FIRST_EVENT_TIMEOUT_MS,
    }),
    OPEN_PHASE_TIMEOUT_MS,
    `open ${clients} chat sockets`,
  );
  return replies as ChatOpened[];
}
