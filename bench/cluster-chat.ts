import type { ChatCollected } from './chat-load-protocol';
import { CHAT_SETTLE_MS, lastArrivals, sendMessages, sinceSent } from './chat-scenario';
import { sleep, wallNow } from './clock';
import { CLUSTER_BENCH_LOAD_PROCESSES, type ClusterBenchConfig } from './cluster-config';
import { COLLECT_SLACK_MS, COMMAND_TIMEOUT_MS, DELIVERY_TIMEOUT_MS } from './config';
import { LoadFleet } from './load-process';
import { type ChatFleet, openChatSockets } from './open-connections';
import type { RunningServer } from './server-process';
import { concatNumbers, type Summary, sum, summarize } from './stats';
import { warmUpChat } from './warm-up';

/** What the chat phase of one side measured. */
export type ClusterChatSide = {
  clients: number;
  opened: number;
  failed: number;
  messagesSent: number;
  /** Send to arrival at each other socket (of any instance), in milliseconds. */
  latencyMs: Summary;
  /** Per message, send until the last socket had it, in milliseconds. */
  lastReceiverMs: Summary;
  /** Send to the sender's ack, in milliseconds. */
  ackMs: Summary;
  lost: number;
  duplicates: number;
  acksMissing: number;
  warnings: string[];
};

/**
 * The chat phase of one side: `config.chatClients` sockets spread over `servers` (load process
 * p on instance p mod n), CHAT_RATE_PER_S messages per second for `config.chatMs` from rotating
 * senders (so from every instance in turn), each to be delivered to every other socket.
 */
export async function measureChatSide(
  label: string,
  servers: readonly RunningServer[],
  config: ClusterBenchConfig,
): Promise<ClusterChatSide> {
  const wsUrls = servers.map((s) => `${s.url.replace(/^http/, 'ws')}/ws/chat`);
  for (const url of wsUrls) await warmUpChat(url);
  const fleet: ChatFleet = new LoadFleet('bench/chat-load.ts', CLUSTER_BENCH_LOAD_PROCESSES);
  try {
    const opened = await openChatSockets(wsUrls, fleet, config.chatClients);
    await sleep(CHAT_SETTLE_MS);
    await fleet.all(() => ({ type: 'measure' }), COMMAND_TIMEOUT_MS, 'measure');
    const { sends, failures } = await sendMessages(fleet, config.chatClients, config.chatMs);
    const collected = (await fleet.all(
      () => ({ type: 'collect', sends, deadlineAt: wallNow() + DELIVERY_TIMEOUT_MS }),
      DELIVERY_TIMEOUT_MS + COLLECT_SLACK_MS,
      'collect chat messages',
    )) as ChatCollected[];
    await fleet.all(() => ({ type: 'close' }), COMMAND_TIMEOUT_MS, 'close');
    const side: ClusterChatSide = {
      clients: config.chatClients,
      opened: sum(opened.map((o) => o.opened)),
      failed: sum(opened.map((o) => o.failed)),
      messagesSent: sends.length,
      latencyMs: summarize(concatNumbers(collected.map((c) => c.latenciesMs))),
      lastReceiverMs: summarize(sinceSent(lastArrivals(sends, collected), sends)),
      ackMs: summarize(concatNumbers(collected.map((c) => c.ackLatenciesMs))),
      lost: sum(collected.map((c) => c.lost)),
      duplicates: sum(collected.map((c) => c.duplicates)),
      acksMissing: sum(collected.map((c) => c.acksMissing)),
      warnings: [],
    };
    if (side.failed) side.warnings.push(`${label}: ${side.failed} chat sockets failed to open`);
    if (failures) side.warnings.push(`${label}: ${failures} chat messages could not be sent`);
    if (side.lost || side.duplicates || side.acksMissing)
      side.warnings.push(
        `${label}: chat ${side.lost} lost, ${side.duplicates} duplicate, ${side.acksMissing} acks missing`,
      );
    return side;
  } finally {
    await fleet.stop();
  }
}
