/** Step between byte units (SI: 1 KB = 1000 B, as the labels say). */
export const BYTES_PER_KB = 1000;
/** Byte unit labels, smallest first. */
const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;
/** Milliseconds from which a duration is shown in seconds. */
export const SECONDS_FROM_MS = 1000;
/** Milliseconds from which a duration is shown in minutes. */
export const MINUTES_FROM_MS = 60_000;

const plain = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
/** Counted things: whole numbers as they are, averages with one decimal at most. */
const count = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 2 });

/**
 * A value as people read it, by unit: `bytes` → "652 MB", `bytes/s` → "1.2 KB/s", `%` → "12.5%",
 * `ms` → "3.4 ms", "1.25 s" or "2.5 min", `/s` → "12/s" (`B`, `By`, `B/s`, `By/s` as `bytes`,
 * `bytes/s`); counted things in the right number ("1 stream", "363.8 sockets", "2 items" for
 * `{item}`); `1` as a bare number; any other unit is appended as is ("3.7 load").
 */
export function formatValue(value: number, unit?: string): string {
  if (!Number.isFinite(value)) return '—';
  switch (unit) {
    case 'bytes':
    case 'B':
    case 'By':
      return formatBytes(value);
    case 'bytes/s':
    case 'B/s':
    case 'By/s':
      return `${formatBytes(value)}/s`;
    case '/s':
      return `${formatNumber(value)}/s`;
    case '%':
      // Math.round(...) + 0 turns -0 into 0: "-0.0%" is not a value anyone reads.
      return `${(Math.round(value * 10) / 10 + 0).toFixed(1)}%`;
    case 'ms':
      if (Math.abs(value) >= MINUTES_FROM_MS) return `${formatNumber(value / 60_000)} min`;
      return Math.abs(value) >= SECONDS_FROM_MS
        ? `${formatNumber(value / 1000)} s`
        : `${formatNumber(value)} ms`;
    case undefined:
    case '':
    case '1':
      return formatNumber(value);
    default: {
      const noun = countNoun(unit);
      if (!noun) return `${formatNumber(value)} ${unit}`;
      const text = count.format(value);
      return `${text} ${text === '1' || text === '-1' ? noun.one : noun.many}`;
    }
  }
}

/** Units that are not things counted, though they end in "s". */
const NOT_COUNTS: ReadonlySet<string> = new Set([
  'ms',
  'ns',
  'us',
  'µs',
  's',
  'bytes',
  'hours',
  'days',
]);

/**
 * The singular and plural of a unit that counts things: "streams" (one stream), "sockets",
 * OpenTelemetry's annotations "{item}" (one item, two items). Undefined for other units ("load",
 * "req/s", "°C"), which are written as they are.
 */
export function countNoun(unit: string): { one: string; many: string } | undefined {
  const annotation = /^\{([a-z_]+)\}$/i.exec(unit);
  if (annotation) {
    const word = annotation[1] as string;
    return word.endsWith('s')
      ? { one: word.slice(0, -1), many: word }
      : { one: word, many: `${word}s` };
  }
  if (!/^[a-z]+s$/i.test(unit) || NOT_COUNTS.has(unit)) return undefined;
  return { one: unit.endsWith('ies') ? `${unit.slice(0, -3)}y` : unit.slice(0, -1), many: unit };
}

/** A number with at most two decimals; compact ("1.2M") from a million up. */
export function formatNumber(value: number): string {
  return Math.abs(value) >= 1_000_000 ? compact.format(value) : plain.format(value);
}

/** Bytes with three significant digits in the largest unit that keeps the number ≥ 1. */
export function formatBytes(bytes: number): string {
  let scaled = Math.abs(bytes);
  let i = 0;
  while (scaled >= BYTES_PER_KB && i < BYTE_UNITS.length - 1) {
    scaled /= BYTES_PER_KB;
    i++;
  }
  const sign = bytes < 0 ? '-' : '';
  // 999,999 B rounds to "1000 KB": show it as "1.00 MB" instead.
  if (i > 0 && i < BYTE_UNITS.length - 1 && Math.round(scaled) >= BYTES_PER_KB) {
    scaled /= BYTES_PER_KB;
    i++;
  }
  const digits = i === 0 || scaled >= 100 ? 0 : scaled >= 10 ? 1 : 2;
  return `${sign}${scaled.toFixed(digits)} ${BYTE_UNITS[i]}`;
}
