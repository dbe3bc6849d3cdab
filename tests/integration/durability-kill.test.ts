import { afterEach, describe, expect, it, vi } from 'vitest';
import { closeClients } from './helpers/cleanup';
import { ChatFollower, SseFollower } from './helpers/followers';
import { startTestServer, type TestServer } from './helpers/start-test-server';
import { storedMessages, storedSamples } from './helpers/stores';
import { ChatSender, IngestSender } from './helpers/traffic-senders';

/**
 * The durability contract (docs/durability.md): whatever was acknowledged (chat `ack`, ingest
 * 200) before the server was killed, with SIGTERM or SIGKILL, is in the file after a restart,
 * exactly once; clients that reconnect by themselves miss nothing and see nothing twice.
 * STRESS=1 runs more senders for longer.
 */
const STRESS = process.env.STRESS === '1';
/** Concurrent chat senders and ingest senders. */
const SENDERS = STRESS ? 8 : 4;
/** Acks each chat sender, and 200s each ingest sender, must have before the kill and after. */
const CHAT_ACKS_PER_PHASE = STRESS ? 30 : 6;
const INGEST_OKS_PER_PHASE = STRESS ? 300 : 30;
const PHASE_WAIT_MS = STRESS ? 60_000 : 20_000;

let server: TestServer | undefined;
afterEach(async () => {
  closeClients();
  await server?.stop();
  server = undefined;
});

describe.each(['SIGTERM', 'SIGKILL'] as const)(
  'killed with %s in the middle of traffic',
  (signal) => {
    it('keeps every acknowledged message and sample exactly once, and clients resume with no gap', async () => {
      server = await startTestServer({ COLLECTOR_ENABLED: '0' });
      const { port, url, wsUrl } = server;
      const sse = new SseFollower(() => `${url}/api/stream`);
      const reader = new ChatFollower(wsUrl, 'reader');
      await Promise.all([sse.ready(), reader.ready()]);
      const chats = Array.from({ length: SENDERS }, (_, i) => new ChatSender(wsUrl, `c${i}`));
      const ingests = Array.from(
        { length: SENDERS },
        (_, i) => new IngestSender(url, `dur.s${i}`, (i + 1) * 1_000_000),
      );
      await waitForProgress(chats, ingests);

      await server.stop({ signal, keepDb: true });
      server = await server.restart({ ...server.env, PORT: String(port) });
      await waitForProgress(chats, ingests);
      await Promise.all([...chats, ...ingests].map((s) => s.stop()));
      const stored = await readStored(server.databasePath);
      await vi.waitFor(
        () => {
          expect(sse.cursor).toBe(stored.lastSeq);
          expect(reader.lastId).toBe(stored.lastChatId);
        },
        { timeout: 15_000, interval: 50 },
      );
      await Promise.all([sse.stop(), reader.stop()]);

      const report = checkChat(chats, stored);
      const ingestReport = checkIngest(ingests, stored);
      console.log(
        `[durability ${signal}] chat: ${report.sent} sent (${report.resends} resends), ` +
          `${report.acked} acked, ${report.found} acked found once, ${stored.chat.length} rows, ` +
          `${report.unacked} unacked; ingest: ${ingestReport.requests} requests, ` +
          `${ingestReport.acked} samples acked, ${ingestReport.found} found once, ` +
          `${ingestReport.failedRequests} failed requests (${ingestReport.failedStored} of them ` +
          `stored whole, none in part); sse follower: ${sse.samples.length} samples, ` +
          `${sse.reconnectedAt.length} reconnects, ${sse.refused} refused attempts; ` +
          `chat reader: ${reader.ids.length} messages`,
      );

      expect(report.found).toBe(report.acked);
      expect(report.mismatched).toEqual([]);
      expect(report.strangers).toEqual([]);
      expect(ingestReport.found).toBe(ingestReport.acked);
      expect(ingestReport.wrong).toEqual([]);
      expect(ingestReport.partial).toEqual([]);
      expect(stored.duplicateValues).toEqual([]);
      // The SSE follower: every stored sample once, in seq order, with no snapshot on resume.
      expect(sse.resyncs).toEqual([]);
      expect(sse.samples.map((s) => s.value)).toEqual(stored.samples.map((s) => s.value));
      // The chat reader: every stored message once, ids contiguous.
      expect(reader.truncated).toBe(0);
      expect(reader.ids).toEqual(stored.chat.map((m) => m.id));
      expect(stored.chat.map((m) => m.id)).toEqual(range(1, stored.lastChatId));
      expect(stored.samples.map((s) => s.seq)).toEqual(range(1, stored.lastSeq));
      if (signal === 'SIGTERM') {
        expect(sse.shutdowns).toHaveLength(1);
        expect(reader.closeCodes[0]).toBe(1001);
      }
    }, 120_000);
  },
);

type Stored = Awaited<ReturnType<typeof readStored>>;

async function readStored(databasePath: string) {
  const chat = (await storedMessages(databasePath)).map((m) => ({
    id: m.id,
    clientMsgId: m.clientMsgId ?? null,
  }));
  const samples = (await storedSamples(databasePath)).map((r) => ({ seq: r.seq, value: r.value }));
  const counts = new Map<number, number>();
  for (const { value } of samples) counts.set(value, (counts.get(value) ?? 0) + 1);
  const duplicateValues = [...counts].filter(([, n]) => n > 1).map(([value, n]) => ({ value, n }));
  return {
    chat,
    samples,
    duplicateValues,
    lastSeq: samples.at(-1)?.seq ?? 0,
    lastChatId: chat.at(-1)?.id ?? 0,
  };
}

function checkChat(chats: ChatSender[], stored: Stored) {
  const rows = new Map(stored.chat.map((m) => [m.clientMsgId, m.id]));
  const sentIds = new Set(
    chats.flatMap((c) => [...c.acked.map((a) => a.clientMsgId), ...c.unacked]),
  );
  const acked = chats.flatMap((c) => c.acked);
  return {
    sent: chats.reduce((n, c) => n + c.sends, 0),
    resends: chats.reduce((n, c) => n + c.resends, 0),
    acked: acked.length,
    unacked: chats.reduce((n, c) => n + c.unacked.length, 0),
    found: acked.filter((a) => rows.get(a.clientMsgId) === a.id).length,
    mismatched: acked.filter((a) => rows.get(a.clientMsgId) !== a.id),
    strangers: stored.chat.filter((m) => m.clientMsgId === null || !sentIds.has(m.clientMsgId)),
  };
}

function checkIngest(ingests: IngestSender[], stored: Stored) {
  const seqOf = new Map(stored.samples.map((s) => [s.value, s.seq]));
  const acked = ingests.flatMap((s) => s.acked);
  const failed = ingests.flatMap((s) => s.failed);
  let found = 0;
  const wrong: unknown[] = [];
  for (const batch of acked) {
    // One transaction: the batch's samples hold the seqs up to the one the 200 gave.
    batch.values.forEach((value, k) => {
      const expected = batch.seq - batch.values.length + 1 + k;
      if (seqOf.get(value) === expected) found++;
      else wrong.push({ value, expected, got: seqOf.get(value) });
    });
  }
  const storedCounts = failed.map((b) => b.values.filter((v) => seqOf.has(v)).length);
  return {
    requests: acked.length + failed.length,
    acked: acked.reduce((n, b) => n + b.values.length, 0),
    found,
    wrong,
    failedRequests: failed.length,
    failedStored: storedCounts.filter((n) => n > 0).length,
    partial: failed.filter((b, i) => storedCounts[i] !== 0 && storedCounts[i] !== b.values.length),
  };
}

/** Waits until every sender got CHAT_ACKS_PER_PHASE / INGEST_OKS_PER_PHASE more acks. */
async function waitForProgress(chats: ChatSender[], ingests: IngestSender[]): Promise<void> {
  const chatFloors = chats.map((c) => c.acked.length + CHAT_ACKS_PER_PHASE);
  const ingestFloors = ingests.map((s) => s.acked.length + INGEST_OKS_PER_PHASE);
  await vi.waitFor(
    () => {
      for (const [i, c] of chats.entries()) {
        expect(c.acked.length).toBeGreaterThanOrEqual(chatFloors[i] ?? 0);
      }
      for (const [i, sender] of ingests.entries()) {
        expect(sender.acked.length).toBeGreaterThanOrEqual(ingestFloors[i] ?? 0);
      }
    },
    { timeout: PHASE_WAIT_MS, interval: 50 },
  );
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}
