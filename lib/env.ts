import { z } from 'zod';

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/**
 * Default SHUTDOWN_TIMEOUT_MS, in milliseconds: with SHUTDOWN_GRACE_MS (2 s) the process is gone
 * within 7 s, inside `docker stop`'s 10 s before SIGKILL.
 */
export const SHUTDOWN_TIMEOUT_DEFAULT_MS = 5000;
/** Smallest SHUTDOWN_TIMEOUT_MS accepted, in milliseconds. */
export const SHUTDOWN_TIMEOUT_MIN_MS = 100;
/** Largest SHUTDOWN_TIMEOUT_MS accepted, in milliseconds (process managers kill well before). */
export const SHUTDOWN_TIMEOUT_MAX_MS = 60_000;

/** Server configuration, parsed once at boot. The README's table documents every variable. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** TCP port; 0 picks a free one (tests). */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on; loopback unless configured. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** SQLite file; its folder is created. */
  DATABASE_PATH: z.string().min(1).default('data/pulseboard.db'),
  /** When set, `POST /api/metrics` requires `Authorization: Bearer <token>`. */
  INGEST_TOKEN: optionalText,
  /** When set, `GET /metrics` requires `Authorization: Bearer <token>`. */
  METRICS_TOKEN: optionalText,
  /** Extra browser origins allowed to open `/ws/chat`, comma separated. */
  ALLOWED_ORIGINS: optionalText.transform((v) =>
    v
      ? v
          .split(',')
          .map((o) => o.trim().replace(/\/+$/, ''))
          .filter(Boolean)
      : [],
  ),
  /** Collector period, in milliseconds. */
  SAMPLE_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(1000),
  /** SSE keep-alive comment period, in milliseconds (at most 15 s). */
  SSE_KEEPALIVE_INTERVAL_MS: z.coerce.number().int().min(50).max(15_000).default(15_000),
  /** Chat ping period, in milliseconds; a socket that misses one pong is terminated. */
  CHAT_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(30_000),
  /**
   * Which code serves `GET /api/stream`: `node` writes to the raw Node response from
   * server.ts (default, measured faster), `route` goes through the Next route handler.
   */
  STREAM_TRANSPORT: z.enum(['node', 'route']).default('node'),
  /** Which code serves `POST /api/metrics`: `node` (default, measured faster) or `route`. */
  INGEST_TRANSPORT: z.enum(['node', 'route']).default('node'),
  /** Set to 1 behind a reverse proxy: logs and hooks take the client address from X-Forwarded-For. */
  TRUST_PROXY: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  /**
   * Longest a graceful shutdown (SIGTERM) waits for in-flight requests and sockets to finish,
   * in milliseconds, before it answers `503 shutting_down` and cuts the rest; the process
   * exits at most 2 s (SHUTDOWN_GRACE_MS) later.
   */
  SHUTDOWN_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(SHUTDOWN_TIMEOUT_MIN_MS)
    .max(SHUTDOWN_TIMEOUT_MAX_MS)
    .default(SHUTDOWN_TIMEOUT_DEFAULT_MS),
  /** Set to 0 to turn the collector off (tests that need a quiet stream). */
  COLLECTOR_ENABLED: z
    .enum(['0', '1', 'true', 'false'])
    .default('1')
    .transform((v) => v === '1' || v === 'true'),
});

export type Env = z.infer<typeof envSchema>;

/** Parses `source` (process.env); throws an Error listing every bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new Error(`Invalid environment:\n${lines.join('\n')}`);
}
