import { describe, expect, it } from 'vitest';
import { parseEnv, SHUTDOWN_TIMEOUT_MAX_MS, SHUTDOWN_TIMEOUT_MIN_MS } from './env';

describe('parseEnv', () => {
  it('applies the documented defaults', () => {
    expect(parseEnv({})).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      DATABASE_PATH: 'data/pulseboard.db',
      ALLOWED_ORIGINS: [],
      SAMPLE_INTERVAL_MS: 1000,
      SSE_KEEPALIVE_INTERVAL_MS: 15_000,
      CHAT_HEARTBEAT_INTERVAL_MS: 30_000,
      COLLECTOR_ENABLED: true,
      TRUST_PROXY: false,
      SHUTDOWN_TIMEOUT_MS: 5000,
    });
  });

  it('accepts SHUTDOWN_TIMEOUT_MS from SHUTDOWN_TIMEOUT_MIN_MS to SHUTDOWN_TIMEOUT_MAX_MS', () => {
    const at = (ms: number) => parseEnv({ SHUTDOWN_TIMEOUT_MS: String(ms) }).SHUTDOWN_TIMEOUT_MS;
    expect(at(SHUTDOWN_TIMEOUT_MIN_MS)).toBe(SHUTDOWN_TIMEOUT_MIN_MS);
    expect(at(SHUTDOWN_TIMEOUT_MAX_MS)).toBe(SHUTDOWN_TIMEOUT_MAX_MS);
    expect(() => at(SHUTDOWN_TIMEOUT_MIN_MS - 1)).toThrowError(/SHUTDOWN_TIMEOUT_MS/);
    expect(() => at(SHUTDOWN_TIMEOUT_MAX_MS + 1)).toThrowError(/SHUTDOWN_TIMEOUT_MS/);
  });

  it('splits ALLOWED_ORIGINS and drops trailing slashes', () => {
    expect(
      parseEnv({ ALLOWED_ORIGINS: 'http://a.example/, https://b.example' }).ALLOWED_ORIGINS,
    ).toEqual(['http://a.example', 'https://b.example']);
  });

  it('treats an empty INGEST_TOKEN as unset', () => {
    expect(parseEnv({ INGEST_TOKEN: '  ' }).INGEST_TOKEN).toBeUndefined();
  });

  it('fails at once naming every bad variable', () => {
    expect(() => parseEnv({ PORT: 'eighty', SAMPLE_INTERVAL_MS: '5' })).toThrowError(
      /PORT[\s\S]*SAMPLE_INTERVAL_MS/,
    );
  });
});
