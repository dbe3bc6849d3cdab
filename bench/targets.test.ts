import { describe, expect, it } from 'vitest';
import type { ChatResult } from './chat-scenario';
import type { SseResult } from './sse-scenario';
import { judgeTargets, RSS_PER_CONNECTION_MAX_RATIO, type Target } from './targets';

/** The fields a target reads, for one server at one size. */
function result(target: string, clients: number, perConnectionKiB: number, p99 = 100) {
  return {
    target,
    clients,
    latencyMs: { p99 },
    usage: { serverCpuPercent: 50 },
    memory: { perConnectionKiB },
  } as unknown as SseResult & ChatResult;
}

const CHAT_RSS_1K: Target = {
  scenario: 'chat',
  clients: 1000,
  figure: 'RSS per socket',
  read: (r) => r.memory.perConnectionKiB,
  maxRatio: RSS_PER_CONNECTION_MAX_RATIO,
};

const judge = (chat: (ChatResult | { target: string; clients: number; error: string })[]) =>
  judgeTargets({ sse: [], chat }, [CHAT_RSS_1K])[0];

describe('judgeTargets', () => {
  it('passes a ratio at the limit and fails one just past it', () => {
    expect(judge([result('baseline', 1000, 20), result('Pulseboard', 1000, 30)])).toMatchObject({
      ratio: 1.5,
      verdict: 'pass',
    });
    expect(judge([result('baseline', 1000, 20), result('Pulseboard', 1000, 30.01)])).toMatchObject({
      verdict: 'fail',
    });
  });

  it("reads the Pulseboard and baseline runs of the target's own size", () => {
    const sse = [
      result('baseline', 10_000, 10),
      result('Pulseboard', 1000, 100),
      result('Pulseboard', 10_000, 12),
    ];
    const [latency, , , , , , , rss10k] = judgeTargets({ sse, chat: [] });

    expect(latency?.verdict).toBe('pass');
    expect(rss10k).toMatchObject({ pulseboard: 12, baseline: 10, verdict: 'pass' });
  });

  it('says a target was not measured, errored, or has no meaningful ratio', () => {
    expect(judge([result('Pulseboard', 1000, 30)])?.verdict).toBe('not measured');
    expect(
      judge([{ target: 'baseline', clients: 1000, error: 'boom' }, result('Pulseboard', 1000, 30)])
        ?.verdict,
    ).toBe('error');
    expect(judge([result('baseline', 1000, -2), result('Pulseboard', 1000, 30)])?.verdict).toBe(
      'no ratio',
    );
  });
});
