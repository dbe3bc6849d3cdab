import type { ChatCollected, ChatOpened, ChatSend } from './chat-load-protocol';
import { sleep, wallNow } from './clock';
import {
  CHAT_RATE_PER_S,
  COLLECT_SLACK_MS,
  COMMAND_TIMEOUT_MS,
  DELIVERY_TIMEOUT_MS,
} from './config';
import { type ConnectionMemory, ConnectionMemoryProbe } from './connection-memory';
import { LoadFleet } from './load-process';
import { MeasurementWindow, type WindowUsage, windowWarnings } from './measurement-window';
import { type ChatFleet, openChatSockets } from './open-connections';
import { readProc } from './proc-stats';
import { formatReasons } from './ramp';
import { type RunningServer, type ServerSpec, startServer } from './server-process';
import { concatNumbers, maxFinite, type Summary, sum, summarize } from './stats';
import { warmUpChat } from './warm-up';

/** Pause after the sockets are open, longer than Pulseboard's 1 s presence coalescing, in ms. */
export const CHAT_SETTLE_MS = 2500;

/** Everything measured for one chat server at one socket count. */
export type ChatResult = {
  target: string;
  clients: number;
  error?: string;
  opened: number;
  failed: number;
  dropped: number;
  welcomeMs: Summary;
  openCpuMsPerSocket: number;
  messagesSent: number;
  sendFailures: number;
  ratePerS: number;
  latencyMs: Summary;
  /** Per message, send until the last receiver had it, in milliseconds. */
  lastReceiverMs: Summary;
  ackMs: Summary;
  deliveriesPerS: number;
  deliveries: number;
  expectedDeliveries: number;
  lost: number;
  duplicates: number;
  acksMissing: number;
  /** Server RSS idle, at its peak under load and at the end; (peak − idle) per socket. */
  memory: ConnectionMemory;
  /** Server, load generator and other CPU while the messages were relayed. */
  usage: WindowUsage;
  warnings: string[];
};

/**
 * Starts `spec`, opens `clients` chat sockets, sends CHAT_RATE_PER_S messages per second for
 * `sendDurationMs` from rotating senders, and measures their delivery to every other socket.
 */
export async function runChatScenario(
  spec: ServerSpec,
  clients: number,
  loadProcesses: number,
  sendDurationMs: number,
): Promise<ChatResult> {
  const server = await startServer(spec);
  const fleet: ChatFleet = new LoadFleet('bench/chat-load.ts', loadProcesses);
  try {
    return await measure(server, fleet, clients, sendDurationMs);
  } finally {
    await fleet.all(() => ({ type: 'close' }), COMMAND_TIMEOUT_MS, 'close').catch(() => {});
    await fleet.stop();
    await server.stop();
  }
}

async function measure(
  server: RunningServer,
  fleet: ChatFleet,
  clients: number,
  sendDurationMs: number,
): Promise<ChatResult> {
  const scenario = `chat ${clients} / ${server.label}`;
  const wsUrl = `${server.url.replace(/^http/, 'ws')}/ws/chat`;
  await warmUpChat(wsUrl);
  await sleep(CHAT_SETTLE_MS);
  const idle = readProc(server.pid);
  const memory = new ConnectionMemoryProbe(server.pid);
  const opened = await openChatSockets(wsUrl, fleet, clients);
  const afterOpen = readProc(server.pid);
  await sleep(CHAT_SETTLE_MS);

  await fleet.all(() => ({ type: 'measure' }), COMMAND_TIMEOUT_MS, 'measure');
  const window = new MeasurementWindow(server.pid, fleet.pids);
  const { sends, failures } = await sendMessages(fleet, clients, sendDurationMs);
  const collected = (await fleet.all(
    () => ({ type: 'collect', sends, deadlineAt: wallNow() + DELIVERY_TIMEOUT_MS }),
    DELIVERY_TIMEOUT_MS + COLLECT_SLACK_MS,
    'collect chat messages',
  )) as ChatCollected[];
  const usage = window.close(collected.map((c) => c.lag));

  const openedCount = sum(opened.map((o) => o.opened));
  const lastAt = lastArrivals(sends, collected);
  const lastDelivered = maxFinite(lastAt);
  const firstSend = Math.min(...sends.map((s) => s.at));
  const deliveries = sum(collected.map((c) => c.deliveries));
  const result: ChatResult = {
    target: server.label,
    clients,
    opened: openedCount,
    failed: sum(opened.map((o) => o.failed)),
    dropped: sum(collected.map((c) => c.dropped)),
    welcomeMs: summarize(concatNumbers(opened.map((o) => o.welcomeMs))),
    openCpuMsPerSocket: ((afterOpen.cpuS - idle.cpuS) * 1000) / openedCount,
    messagesSent: sends.length,
    sendFailures: failures,
    ratePerS: CHAT_RATE_PER_S,
    latencyMs: summarize(concatNumbers(collected.map((c) => c.latenciesMs))),
    lastReceiverMs: summarize(sinceSent(lastAt, sends)),
    ackMs: summarize(concatNumbers(collected.map((c) => c.ackLatenciesMs))),
    deliveriesPerS: deliveries / ((lastDelivered - firstSend) / 1000),
    deliveries,
    expectedDeliveries: sends.length * (openedCount - 1),
    lost: sum(collected.map((c) => c.lost)),
    duplicates: sum(collected.map((c) => c.duplicates)),
    acksMissing: sum(collected.map((c) => c.acksMissing)),
    memory: memory.finish(openedCount),
    usage,
    warnings: [],
  };
  result.warnings = warningsOf(scenario, result, opened, server);
  return result;
}

/** Per message (by position in `sends`), when the last receiver of any process had it. */
export function lastArrivals(sends: readonly ChatSend[], collected: ChatCollected[]): number[] {
  return sends.map((_, i) => maxFinite(collected.map((c) => c.lastAt[i] ?? Number.NaN)));
}

/** Each arrival time minus its message's send time, in milliseconds (unreached ones left out). */
export function sinceSent(arrivals: readonly number[], sends: readonly ChatSend[]): number[] {
  return arrivals.map((at, i) => at - (sends[i] as ChatSend).at).filter(Number.isFinite);
}

/**
 * Sends message k at k / CHAT_RATE_PER_S seconds from socket k mod `clients` (sockets are
 * spread over the processes round-robin, so consecutive senders alternate processes).
 */
export async function sendMessages(
  fleet: ChatFleet,
  clients: number,
  sendDurationMs: number,
): Promise<{ sends: ChatSend[]; failures: number }> {
  const count = Math.round((sendDurationMs / 1000) * CHAT_RATE_PER_S);
  const intervalMs = 1000 / CHAT_RATE_PER_S;
  const processes = fleet.processes.length;
  const start = wallNow();
  const pending: Promise<ChatSend | undefined>[] = [];
  for (let k = 0; k < count; k++) {
    await sleep(start + k * intervalMs - wallNow());
    const sender = k % clients;
    const owner = fleet.processes[sender % processes];
    if (!owner) continue;
    pending.push(
      owner.request({ type: 'send', sender, k }, COMMAND_TIMEOUT_MS, 'send').then(
        (reply) => (reply.type === 'sent' ? { k, sender, at: reply.at } : undefined),
        () => undefined,
      ),
    );
  }
  const settled = await Promise.all(pending);
  const sends = settled.filter((s): s is ChatSend => s !== undefined);
  return { sends, failures: count - sends.length };
}

function warningsOf(
  scenario: string,
  r: ChatResult,
  opened: ChatOpened[],
  server: RunningServer,
): string[] {
  const warnings = windowWarnings(scenario, r.usage);
  if (r.failed > 0) {
    const reasons = formatReasons(opened.flatMap((o) => Object.entries(o.errors)));
    warnings.push(`${scenario}: ${r.failed} sockets failed to open (${reasons})`);
  }
  if (r.dropped > 0) warnings.push(`${scenario}: ${r.dropped} sockets were dropped during the run`);
  if (r.sendFailures > 0)
    warnings.push(`${scenario}: ${r.sendFailures} messages could not be sent`);
  if (r.lost > 0 || r.duplicates > 0 || r.acksMissing > 0) {
    warnings.push(
      `${scenario}: ${r.lost} lost, ${r.duplicates} duplicate messages, ${r.acksMissing} missing acks`,
    );
  }
  for (const [msg, count] of server.warnings)
    warnings.push(`${scenario}: server logged ${count}x "${msg}"`);
  return warnings;
}
