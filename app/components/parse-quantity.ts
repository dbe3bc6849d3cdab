import { BYTES_PER_KB } from './format-value';

/** What a typed quantity became: the value in the series' own unit, or why it is not one. */
export type ParsedQuantity = { ok: true; value: number } | { ok: false; error: string };

const NUMBER_AND_SUFFIX = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*([^\s\d].*?)?\s*$/i;

const BYTE_STEPS: Record<string, number> = {
  b: 1,
  kb: BYTES_PER_KB,
  mb: BYTES_PER_KB ** 2,
  gb: BYTES_PER_KB ** 3,
  tb: BYTES_PER_KB ** 4,
  pb: BYTES_PER_KB ** 5,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

const MS_PER: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  sec: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
};

const SI_STEPS: Record<string, number> = { k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12 };

const BYTE_UNITS = new Set(['bytes', 'B', 'By']);
const BYTE_RATE_UNITS = new Set(['bytes/s', 'B/s', 'By/s']);

/**
 * A value typed in the series' unit, suffixes included: "2 GB" or "1.5 GiB" for bytes ("2 GB/s"
 * for bytes/s), "500 ms", "2 s" or "1 min" for ms and s, "80 %" for %, "1.5k" or "2M" for
 * anything else (the unit's own name may follow: "300 streams"). A bare number is taken in the
 * series' unit.
 */
export function parseQuantity(text: string, unit: string | undefined): ParsedQuantity {
  const match = NUMBER_AND_SUFFIX.exec(text);
  if (!match) return refuse(unit);
  const number = Number(match[1]);
  const suffix = match[2] ?? '';
  if (!Number.isFinite(number)) return refuse(unit);
  const factor = factorOf(suffix, unit);
  if (factor === undefined) return refuse(unit);
  return { ok: true, value: number * factor };
}

function factorOf(suffix: string, unit: string | undefined): number | undefined {
  if (suffix === '') return 1;
  if (unit && suffix === unit) return 1;
  if (unit && (BYTE_UNITS.has(unit) || BYTE_RATE_UNITS.has(unit))) {
    const bare = BYTE_RATE_UNITS.has(unit) ? suffix.replace(/\/s$/i, '') : suffix;
    return BYTE_STEPS[bare.toLowerCase()];
  }
  if (unit === 'ms' || unit === 's') {
    const ms = MS_PER[suffix.toLowerCase()];
    return ms === undefined ? undefined : unit === 'ms' ? ms : ms / 1000;
  }
  if (unit === '%') return suffix === '%' ? 1 : undefined;
  return SI_STEPS[suffix];
}

function refuse(unit: string | undefined): ParsedQuantity {
  return { ok: false, error: `not a value: write a number${examplesFor(unit)}` };
}

/** The suffixes a unit takes, for the error text. */
export function examplesFor(unit: string | undefined): string {
  if (unit && BYTE_UNITS.has(unit)) return ', optionally with B, KB, MB, GB, TB or KiB, MiB, GiB';
  if (unit && BYTE_RATE_UNITS.has(unit)) return ', optionally with B/s, KB/s, MB/s, GB/s';
  if (unit === 'ms' || unit === 's') return ', optionally with ms, s, min or h';
  if (unit === '%') return ', optionally followed by %';
  return ', optionally with k, M or G';
}
