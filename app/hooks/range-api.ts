import type { Point } from '@/lib/protocol';

/** Resolutions `GET /api/range` answers with: raw samples, minute or hour rollups. */
export type RangeResolution = 'raw' | '1m' | '1h';

/** Length of one rollup bucket, in milliseconds (0 for raw samples). */
export const RESOLUTION_BUCKET_MS: Record<RangeResolution, number> = {
  raw: 0,
  '1m': 60_000,
  '1h': 3_600_000,
};

/** One series of a range answer; `band[i]` is `[min, max]` of the bucket of `points[i]`. */
export type RangeSeries = {
  name: string;
  unit?: string;
  points: Point[];
  band?: [number, number][];
};

/** The answer of `GET /api/range` (see docs/protocol.md). */
export type RangeAnswer = {
  from: number;
  to: number;
  resolution: RangeResolution;
  /** The store cursor the answer is exact at: live samples with a greater seq come after it. */
  seq: number;
  series: RangeSeries[];
};

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isPair = (v: unknown): v is [number, number] =>
  Array.isArray(v) && v.length === 2 && isNumber(v[0]) && isNumber(v[1]);

function parseSeries(value: unknown): RangeSeries | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { name, unit, points, band } = value as Record<string, unknown>;
  if (typeof name !== 'string' || !Array.isArray(points) || !points.every(isPair)) return undefined;
  if (unit !== undefined && typeof unit !== 'string') return undefined;
  if (band !== undefined) {
    if (!Array.isArray(band) || band.length !== points.length || !band.every(isPair)) {
      return undefined;
    }
  }
  const series: RangeSeries = { name, points: points as Point[] };
  if (unit !== undefined) series.unit = unit;
  if (band !== undefined) series.band = band as [number, number][];
  return series;
}

/** Checks an answer's shape; undefined when anything in it is not as the contract says. */
export function parseRangeAnswer(value: unknown): RangeAnswer | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { from, to, resolution, seq, series } = value as Record<string, unknown>;
  if (!isNumber(from) || !isNumber(to) || !isNumber(seq) || !Array.isArray(series))
    return undefined;
  if (resolution !== 'raw' && resolution !== '1m' && resolution !== '1h') return undefined;
  const parsed: RangeSeries[] = [];
  for (const s of series) {
    const one = parseSeries(s);
    if (!one) return undefined;
    parsed.push(one);
  }
  return { from, to, resolution, seq, series: parsed };
}

/** The URL of a range request. */
export function rangeUrl(from: number, to: number): string {
  return `/api/range?from=${Math.floor(from)}&to=${Math.ceil(to)}`;
}

/** Loads `[from, to]`; throws on a network error, an error status or a malformed answer. */
export async function fetchRange(
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<RangeAnswer> {
  const response = await fetch(rangeUrl(from, to), {
    headers: { Accept: 'application/json' },
    ...(signal ? { signal } : {}),
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const message = (body as { error?: { message?: string } } | undefined)?.error?.message;
    throw new Error(`range request failed (${response.status}): ${message ?? 'no detail'}`);
  }
  const answer = parseRangeAnswer(body);
  if (!answer) throw new Error('range answer does not match the contract');
  return answer;
}
