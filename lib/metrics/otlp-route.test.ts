import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import type { RouteContext } from '@/lib/http/route';
import type { SampleInput } from '@/lib/store/metric-store';
import { OTLP_JSON_MEDIA_TYPE } from './otlp-codec';
import { otlpRoutes } from './otlp-route';
import { OtlpStreams } from './otlp-streams';

const window = { maxFutureMs: 300_000, rawRetentionMs: 86_400_000 };
const ns = (ms: number) => String(BigInt(ms) * 1_000_000n);

/** A cumulative counter point, 10 s after its start, as OTLP/JSON. */
function counterBody(startMs: number): string {
  const point = { startTimeUnixNano: ns(startMs), timeUnixNano: ns(startMs + 10_000), asInt: '50' };
  const sum = { aggregationTemporality: 2, isMonotonic: true, dataPoints: [point] };
  return JSON.stringify({
    resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'c', sum }] }] }],
  });
}

/** Calls the route's handler as the router would, with a response that records its answer. */
async function call(route: ReturnType<typeof otlpRoutes>[number], text: string) {
  const answer = { status: 0, body: '' };
  const res = {
    writeHead: (status: number) => {
      answer.status = status;
      return res;
    },
    end: (body: string) => {
      answer.body = body;
    },
  };
  const body = { mediaType: OTLP_JSON_MEDIA_TYPE, text, bytes: Buffer.from(text) };
  await route.handler({ res, body } as unknown as RouteContext);
  return answer;
}

describe('POST /v1/metrics handler', () => {
  it('moves the rate state on only once the samples are stored: a retry computes the same rate', async () => {
    const stored: SampleInput[][] = [];
    let fail = true;
    const store = {
      append: async (samples: readonly SampleInput[]) => {
        if (fail) throw new AppError('store_busy', 'busy');
        stored.push([...samples]);
        return { accepted: samples.length, seq: stored.length };
      },
    };
    const streams = new OtlpStreams();
    const [route] = otlpRoutes({ store, timeWindow: window, ingestToken: undefined, streams });
    if (!route) throw new Error('no route');
    const text = counterBody(Date.now() - 60_000);

    await expect(call(route, text)).rejects.toMatchObject({ code: 'store_busy' });
    expect(streams.size).toBe(0);
    fail = false;
    expect(await call(route, text)).toEqual({ status: 200, body: '{}' });
    expect(stored).toEqual([[{ series: 'c:rate', value: 5, ts: expect.any(Number) }]]);
    expect(streams.size).toBe(1);
  });
});
