/**
 * The pure arithmetic of the bench's ingest section (issue 15): each protocol's rate, its
 * ratio to JSON with the target verdict, and bytes on disk per stored sample.
 */
import type { IngestProtocol } from './ingest-encoders';

/** Smallest rate / JSON rate a new protocol (line protocol, OTLP) may have to pass (issue 15). */
export const INGEST_MIN_RATIO = 0.5;
/** The protocols the target applies to; `line+gzip` is shown, not judged. */
export const INGEST_TARGET_PROTOCOLS: readonly IngestProtocol[] = ['line', 'otlp'];

/** A SQLite file's page counts as one connection sees them (WAL frames included). */
export type PageCounts = { pageCount: number; freelistCount: number; pageSize: number };

/** One protocol's figures: the median rate over the timed rounds and its ratio to JSON. */
export type IngestRow = {
  protocol: IngestProtocol;
  samplesPerS: number;
  ratioToJson: number;
  /** `pass`/`fail` against INGEST_MIN_RATIO; undefined where no target applies. */
  verdict?: 'pass' | 'fail';
};

/** The middle value (the upper of the two middles for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
}

/** Pages in use (not on the freelist) times the page size, in bytes. */
export function usedBytes(c: PageCounts): number {
  return (c.pageCount - c.freelistCount) * c.pageSize;
}

/** Growth of the used bytes from `before` to `after`, per sample stored; NaN with none stored. */
export function bytesPerSample(before: PageCounts, after: PageCounts, samples: number): number {
  if (!(samples > 0)) return Number.NaN;
  return (usedBytes(after) - usedBytes(before)) / samples;
}

/** Each protocol's median rate, its ratio to JSON's, and the verdict where a target applies. */
export function ingestRows(
  rates: Readonly<Partial<Record<IngestProtocol, number[]>>>,
): IngestRow[] {
  const json = median(rates.json ?? []);
  return Object.entries(rates).map(([name, perRound]) => {
    const protocol = name as IngestProtocol;
    const samplesPerS = median(perRound ?? []);
    const ratioToJson = json > 0 ? samplesPerS / json : Number.NaN;
    if (!INGEST_TARGET_PROTOCOLS.includes(protocol)) return { protocol, samplesPerS, ratioToJson };
    const verdict = ratioToJson >= INGEST_MIN_RATIO ? 'pass' : 'fail';
    return { protocol, samplesPerS, ratioToJson, verdict };
  });
}
