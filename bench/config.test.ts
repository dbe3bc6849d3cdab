import { describe, expect, it } from 'vitest';
import { readConfig } from './config';
import { chatSpecs, sseSpecs } from './server-specs';

const envWith = (targets: string | undefined) =>
  ({ BENCH_TARGETS: targets }) as unknown as NodeJS.ProcessEnv;

describe('BENCH_TARGETS', () => {
  it.each([
    [undefined, ['baseline', 'pulseboard']],
    ['pulseboard', ['pulseboard']],
    ['baseline', ['baseline']],
    ['pulseboard, baseline', ['baseline', 'pulseboard']],
  ])('%j runs %j, baseline first', (raw, targets) => {
    expect(readConfig(envWith(raw)).targets).toEqual(targets);
  });

  it('refuses a word that names no server', () => {
    expect(() => readConfig(envWith('pulseboard,node'))).toThrow(
      'BENCH_TARGETS must be a comma list of baseline and pulseboard, got "pulseboard,node"',
    );
  });

  it('starts the servers it names, baseline first, Pulseboard without any transport variable', () => {
    const sse = sseSpecs('dist', ['baseline', 'pulseboard']);
    expect(sse.map((s) => s.label)).toEqual(['baseline', 'Pulseboard']);
    expect(chatSpecs('dist', ['pulseboard']).map((s) => s.label)).toEqual(['Pulseboard']);
    expect(Object.keys(sse[1]?.env ?? {}).filter((k) => k.includes('TRANSPORT'))).toEqual([]);
  });
});
