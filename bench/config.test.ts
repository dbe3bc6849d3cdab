import { describe, expect, it } from 'vitest';
import {
  INGEST_REQUESTS,
  INGEST_REQUESTS_QUICK,
  INGEST_ROUNDS,
  INGEST_ROUNDS_QUICK,
  readConfig,
} from './config';
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

describe('BENCH_SKIP and BENCH_QUICK for the ingest section', () => {
  it('leaves the ingest section out with BENCH_SKIP=ingest', () => {
    const env = { BENCH_SKIP: 'chat, ingest' } as unknown as NodeJS.ProcessEnv;
    expect([...readConfig(env).skip]).toEqual(['chat', 'ingest']);
  });

  it('makes it small with BENCH_QUICK=1', () => {
    const quick = readConfig({ BENCH_QUICK: '1' } as unknown as NodeJS.ProcessEnv);
    const full = readConfig({} as NodeJS.ProcessEnv);
    expect([quick.ingestRequests, quick.ingestRounds]).toEqual([
      INGEST_REQUESTS_QUICK,
      INGEST_ROUNDS_QUICK,
    ]);
    expect([full.ingestRequests, full.ingestRounds]).toEqual([INGEST_REQUESTS, INGEST_ROUNDS]);
    expect(quick.ingestRequests).toBeLessThan(full.ingestRequests);
  });
});
