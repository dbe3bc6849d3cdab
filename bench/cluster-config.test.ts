import { describe, expect, it } from 'vitest';
import {
  CLUSTER_BENCH_CHAT_CLIENTS_DEFAULT,
  CLUSTER_BENCH_CHAT_MS_DEFAULT,
  CLUSTER_BENCH_INGEST_MS_DEFAULT,
  CLUSTER_BENCH_INSTANCES_DEFAULT,
  CLUSTER_BENCH_STREAMS_DEFAULT,
  CLUSTER_BENCH_STREAMS_MAX,
  CLUSTER_BENCH_WRITERS_DEFAULT,
  readClusterConfig,
} from './cluster-config';
import { cpuSecondsBetween } from './pg-processes';

describe('readClusterConfig', () => {
  it('has the defaults of bench/README.md', () => {
    expect(readClusterConfig({})).toEqual({
      streams: CLUSTER_BENCH_STREAMS_DEFAULT,
      instances: CLUSTER_BENCH_INSTANCES_DEFAULT,
      ingestMs: CLUSTER_BENCH_INGEST_MS_DEFAULT,
      writers: CLUSTER_BENCH_WRITERS_DEFAULT,
      chatClients: CLUSTER_BENCH_CHAT_CLIENTS_DEFAULT,
      chatMs: CLUSTER_BENCH_CHAT_MS_DEFAULT,
    });
    expect([CLUSTER_BENCH_STREAMS_DEFAULT, CLUSTER_BENCH_INSTANCES_DEFAULT]).toEqual([5000, 3]);
  });

  it('takes a bound and refuses one past it, naming the variable', () => {
    const max = String(CLUSTER_BENCH_STREAMS_MAX);
    expect(readClusterConfig({ CLUSTER_BENCH_STREAMS: max }).streams).toBe(
      CLUSTER_BENCH_STREAMS_MAX,
    );
    expect(readClusterConfig({ CLUSTER_BENCH_STREAMS: '1' }).streams).toBe(1);
    expect(() => readClusterConfig({ CLUSTER_BENCH_STREAMS: `${max}1` })).toThrow(
      /CLUSTER_BENCH_STREAMS must be a whole number from 1 to 20000/,
    );
    expect(() => readClusterConfig({ CLUSTER_BENCH_INSTANCES: '0' })).toThrow(
      /CLUSTER_BENCH_INSTANCES/,
    );
    expect(readClusterConfig({ CLUSTER_BENCH_CHAT_CLIENTS: '0' }).chatClients).toBe(0);
    expect(() => readClusterConfig({ CLUSTER_BENCH_CHAT_MS: '999' })).toThrow(
      /CLUSTER_BENCH_CHAT_MS must be a whole number from 1000 to 60000/,
    );
    expect(() => readClusterConfig({ CLUSTER_BENCH_WRITERS: '2.5' })).toThrow(
      /CLUSTER_BENCH_WRITERS/,
    );
  });
});

describe('cpuSecondsBetween', () => {
  it('counts what each process used in between, all of a new one, nothing of a gone one', () => {
    const before = new Map([
      [1, 10],
      [2, 5],
    ]);
    const after = new Map([
      [1, 12],
      [3, 0.5],
    ]);
    expect(cpuSecondsBetween(before, after)).toBe(2.5);
  });
});
