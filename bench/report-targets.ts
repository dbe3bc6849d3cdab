import type { ChatResult } from './chat-scenario';
import { KIB_PER_MIB } from './connection-memory';
import { fmt, isError, ratio, type ScenarioError } from './report-table';
import { BASELINE_LABEL } from './server-specs';
import type { SseResult } from './sse-scenario';
import { judgeTargets, type TargetResult } from './targets';

type Results = {
  sse: readonly (SseResult | ScenarioError)[];
  chat: readonly (ChatResult | ScenarioError)[];
};

/** The "Must hold" table: each target, both figures, the ratio, the limit and the verdict. */
export function targetsSection(run: Results): string {
  const rows = judgeTargets(run).map((t) => {
    const name = `${t.target.scenario === 'sse' ? 'SSE' : 'chat'} ${fmt(t.target.clients)}: ${t.target.figure}`;
    const digits = 1;
    return `| ${name} | ${fmt(t.pulseboard, digits)} | ${fmt(t.baseline, digits)} | ${Number.isFinite(t.ratio) ? `${t.ratio.toFixed(2)}x` : '—'} | <= ${t.target.maxRatio.toFixed(2)}x | ${verdictCell(t)} |`;
  });
  return [
    '## Must hold (issue 11)',
    'Pulseboard (what `npm start` runs) against the raw baseline, both measured in this run moments apart: the ratios are within-run, so they compare across runs on a busy machine better than the absolute figures do. Latency in ms, CPU in % of one core, RSS per connection in KiB.',
    [
      '| target | Pulseboard | baseline | ratio | limit | verdict |',
      '| --- | ---: | ---: | ---: | ---: | --- |',
      ...rows,
    ].join('\n'),
  ].join('\n\n');
}

/**
 * Memory of every server at every size, side by side: the whole process (idle, peak under
 * load) and per connection ((peak − idle) / connections), each with its ratio to the baseline.
 */
export function memorySection(run: Results): string {
  const lines = [
    '| scenario | server | RSS idle (MiB) | RSS peak (MiB) | peak / baseline | per connection (KiB) | per connection / baseline | RSS at end (MiB) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [kind, results] of [
    ['SSE', run.sse],
    ['chat', run.chat],
  ] as const) {
    const sizes = [...new Set(results.map((r) => r.clients))];
    for (const n of sizes) {
      const ofSize = results.filter((r) => r.clients === n);
      const baseline = ofSize.find((r) => r.target === BASELINE_LABEL);
      const ordered = [...ofSize.filter((r) => r !== baseline), ...(baseline ? [baseline] : [])];
      for (const r of ordered) lines.push(memoryLine(`${kind} ${fmt(n)}`, r, baseline));
    }
  }
  const method = [...run.sse, ...run.chat].find((r) => !isError(r)) as
    | SseResult
    | ChatResult
    | undefined;
  const growth = growthLines(run);
  return [
    '## Memory per connection',
    `Idle RSS is read after the warm-up, before the first connection; the peak is the highest RSS from then until the end of the measurement window (${method?.memory.peakMethod === 'polled' ? 'RSS polled every 50 ms: the kernel would not reset its high-water mark' : "the kernel's `VmHWM`, reset to the idle RSS"}), so it holds garbage not yet collected as well as live objects. Per connection = (peak − idle) / connections opened. Where the memory goes: [bench/memory.md](../memory.md).`,
    lines.join('\n'),
    ...(growth.length > 2
      ? [
          'Growth from the smallest to the largest size: ((peak − idle) at the larger − (peak − idle) at the smaller) / the connections added. It leaves out costs paid once, whatever the count, if they were already paid at the smaller size: V8 grows its young generation once, for the garbage of opening connections, and a server that makes more garbage pays that earlier. That fixed cost dominates the figure at 1,000.',
          growth.join('\n'),
        ]
      : []),
  ].join('\n\n');
}

/** Per kind, each server's growth of (peak − idle) per connection added, smallest to largest size. */
function growthLines(run: Results): string[] {
  const lines = [
    '| scenario | server | per connection added (KiB) | / baseline |',
    '| --- | --- | ---: | ---: |',
  ];
  for (const [kind, results] of [
    ['SSE', run.sse],
    ['chat', run.chat],
  ] as const) {
    const sizes = [...new Set(results.map((r) => r.clients))].sort((a, b) => a - b);
    const low = sizes[0];
    const high = sizes.at(-1);
    if (low === undefined || high === undefined || low === high) continue;
    const slope = (target: string) => {
      const a = results.find((r) => r.target === target && r.clients === low);
      const b = results.find((r) => r.target === target && r.clients === high);
      if (!a || !b || isError(a) || isError(b)) return Number.NaN;
      const grown = (r: SseResult | ChatResult) => r.memory.peakKiB - r.memory.idleKiB;
      return (grown(b) - grown(a)) / (b.opened - a.opened);
    };
    const base = slope(BASELINE_LABEL);
    const targets = [...new Set(results.map((r) => r.target))].filter((t) => t !== BASELINE_LABEL);
    for (const target of [...targets, BASELINE_LABEL]) {
      const s = slope(target);
      const vs = target === BASELINE_LABEL ? '' : ratio(s, base);
      lines.push(`| ${kind} ${fmt(low)} → ${fmt(high)} | ${target} | ${fmt(s, 1)} | ${vs} |`);
    }
  }
  return lines;
}

function memoryLine(
  scenario: string,
  r: SseResult | ChatResult | ScenarioError,
  baseline: SseResult | ChatResult | ScenarioError | undefined,
): string {
  if (isError(r)) return `| ${scenario} | ${r.target} | error |  |  |  |  |  |`;
  const base = baseline && !isError(baseline) && baseline !== r ? baseline.memory : undefined;
  const m = r.memory;
  return `| ${scenario} | ${r.target} | ${fmt(m.idleKiB / KIB_PER_MIB, 1)} | ${fmt(m.peakKiB / KIB_PER_MIB, 1)} | ${base ? ratio(m.peakKiB, base.peakKiB) : ''} | ${fmt(m.perConnectionKiB, 1)} | ${base ? ratio(m.perConnectionKiB, base.perConnectionKiB) : ''} | ${fmt(m.endKiB / KIB_PER_MIB, 1)} |`;
}

function verdictCell(t: TargetResult): string {
  return t.verdict === 'pass' ? 'pass' : t.verdict === 'fail' ? '**FAIL**' : t.verdict;
}
