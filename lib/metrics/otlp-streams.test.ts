import { describe, expect, it } from 'vitest';
import { OTLP_STREAMS_MAX, OtlpStreamStage, OtlpStreams } from './otlp-streams';

const at = (timeNs: number, startNs = 1) => ({ startNs, timeNs, value: timeNs });

describe('OtlpStreams', () => {
  it('keeps a request staged apart until it commits', () => {
    const streams = new OtlpStreams();
    const stage = new OtlpStreamStage(streams);
    stage.set('a', at(5));
    expect([stage.get('a'), streams.get('a')]).toEqual([at(5), undefined]);
    streams.commit(stage.updates);
    expect(streams.get('a')).toEqual(at(5));
  });

  it(`forgets the stream heard from longest ago past its max (default ${OTLP_STREAMS_MAX})`, () => {
    const streams = new OtlpStreams(2);
    streams.commit(
      new Map([
        ['a', at(1)],
        ['b', at(1)],
      ]),
    );
    streams.commit(new Map([['a', at(2)]])); // a is now the most recent
    streams.commit(new Map([['c', at(1)]]));
    expect([streams.size, streams.get('a'), streams.get('b'), streams.get('c')]).toEqual([
      2,
      at(2),
      undefined,
      at(1),
    ]);
  });

  it('keeps the later point when two requests of a stream commit out of order', () => {
    const streams = new OtlpStreams();
    streams.commit(new Map([['a', at(20)]]));
    streams.commit(new Map([['a', at(10)]]));
    expect(streams.get('a')).toEqual(at(20));
    streams.commit(new Map([['a', at(10, 2)]])); // a new start replaces it
    expect(streams.get('a')).toEqual(at(10, 2));
  });

  it('refuses a max that is not a positive integer', () => {
    expect(() => new OtlpStreams(0)).toThrow(TypeError);
  });
});
