import { randomBytes } from 'node:crypto';
import type { ChatMessage, Layout, SeriesLabels } from '@/lib/protocol';
import { EMPTY_LAYOUT } from '@/lib/store/layout-store';
import { MemoryAlertRows } from './memory-alert-store';
import type { MemoryBoard } from './memory-board-store';
import type { MemoryLayoutHistory } from './memory-layout-history-store';
import { MemorySessionRows } from './memory-session-store';

/** A minute or hour rollup row of the memory engine. */
export type MemoryRollup = {
  series: string;
  bucketTs: number;
  min: number;
  max: number;
  sum: number;
  count: number;
};

/** A sample row of the memory engine. */
export type MemorySample = { seq: number; series: string; ts: number; value: number };

/**
 * A series row of the memory engine, kept under its key: `id` grows and is never reused (as
 * AUTOINCREMENT); `metric` and `labels` as the key says (lib/store/series-columns.ts).
 */
export type MemorySeries = {
  id: number;
  unit: string | null;
  lastTs: number | null;
  metric: string;
  labels: SeriesLabels;
};

/** The rows of one in-memory database, shared by every handle on it. */
export class MemoryDatabase {
  samples: MemorySample[] = [];
  /** Every sample ever committed, deleted ones included, in seq order (for checks). */
  readonly committed: MemorySample[] = [];
  /** Seqs deleted by retention or with their series (for checks). */
  readonly deletedSeqs = new Set<number>();
  /** The series, by key. */
  series = new Map<string, MemorySeries>();
  lastSeriesId = 0;
  rollups: Record<'1m' | '1h', Map<string, MemoryRollup>> = { '1m': new Map(), '1h': new Map() };
  lastSeq = 0;
  /** The database epoch: random per database, as the engines' migration writes it. */
  epoch = randomBytes(8).toString('hex');
  retentionFloor = 0;
  /** Every series deletion, with the highest seq assigned when it happened; ids from 1. */
  readonly seriesDeletions: { id: number; name: string; seq: number }[] = [];
  messages: ChatMessage[] = [];
  /** Messages by `sender` + NUL + `clientMsgId`: the idempotency key's scope. */
  readonly messageKeys = new Map<string, ChatMessage>();
  /** Who sent each message, by id (never returned, as in the engines). */
  readonly messageSenders = new Map<number, string>();
  /** Ids of the messages deleted by their authors. */
  readonly deletedMessages = new Set<number>();
  /** The room of each message, by id. */
  readonly messageRooms = new Map<number, string>();
  lastMessageId = 0;
  layout: Layout = EMPTY_LAYOUT;
  /** The boards besides the default one, by slug. */
  readonly boards = new Map<string, MemoryBoard>();
  /** Every board's kept layout versions, the default board's under `default`. */
  readonly layoutHistory: MemoryLayoutHistory = new Map();
  readonly sessions = new MemorySessionRows();
  /** Alert rules, their states and annotations. */
  readonly alerts = new MemoryAlertRows();
}
