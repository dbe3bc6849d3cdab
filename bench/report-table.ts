import { BASELINE_LABEL } from './server-specs';

/** A scenario that could not be measured. */
export type ScenarioError = { target: string; clients: number; error: string };

/** One metric row: how to read it from a result and how many decimals to show. */
export type Row<R> = {
  label: string;
  value: (r: R) => number | string;
  /** Decimals shown; default 0. */
  digits?: number;
  /** Whether a Pulseboard / baseline ratio column makes sense (default true for numbers). */
  ratio?: boolean;
};

/**
 * A Markdown table: one row per metric; a column per server (Pulseboard runs first, the
 * baseline after), then one ratio column per Pulseboard run (Pulseboard / baseline).
 */
export function metricTable<R extends { target: string }>(
  results: readonly (R | ScenarioError)[],
  rows: readonly Row<R>[],
): string {
  const baseline = results.find((r) => r.target === BASELINE_LABEL);
  const others = results.filter((r) => r !== baseline);
  const columns = [...others, ...(baseline ? [baseline] : [])];
  const ratioOf = baseline ? others : [];
  const header = [
    'metric',
    ...columns.map((c) => c.target),
    ...ratioOf.map((c) => `${shortLabel(c.target)} / baseline`),
  ];
  const lines = [row(header), row(header.map((_, i) => (i === 0 ? '---' : '---:')))];
  for (const r of rows) {
    const cells = columns.map((c) => cell(c, r));
    const ratios = ratioOf.map((c) =>
      baseline && r.ratio !== false ? ratio(metricOf(c, r), metricOf(baseline, r)) : '',
    );
    lines.push(row([r.label, ...cells, ...ratios]));
  }
  return lines.join('\n');
}

/** A number with fixed decimals and thousands separators; `n/a` when not finite. */
export function fmt(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** `a / b` as `1.23x`; an em dash when it means nothing (both zero, missing, or b is zero). */
export function ratio(a: number | string | undefined, b: number | string | undefined): string {
  if (typeof a !== 'number' || typeof b !== 'number') return '—';
  if (!Number.isFinite(a) || !Number.isFinite(b)) return '—';
  if (a === 0 && b === 0) return '—';
  if (b === 0) return '∞';
  return `${(a / b).toFixed(2)}x`;
}

export function isError<R>(r: R | ScenarioError): r is ScenarioError {
  return typeof r === 'object' && r !== null && 'error' in r && typeof r.error === 'string';
}

function metricOf<R>(r: R | ScenarioError, row: Row<R>): number | string | undefined {
  return isError(r) ? undefined : row.value(r);
}

function cell<R>(r: R | ScenarioError, row: Row<R>): string {
  if (isError(r)) return 'error';
  const v = row.value(r);
  return typeof v === 'number' ? fmt(v, row.digits ?? 0) : v;
}

function shortLabel(target: string): string {
  return target.replace(/^Pulseboard /, '').replace(/^\((.*)\)$/, '$1') || target;
}

function row(cells: readonly string[]): string {
  return `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
}
