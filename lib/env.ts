import { z } from 'zod';
import {
  authUsersSchema,
  onePasswordSetting,
  SESSION_TTL_DEFAULT_S,
  SESSION_TTL_MAX_S,
  SESSION_TTL_MIN_S,
} from './auth/auth-env';
import { RATE_LIMIT_DEFAULT_EXEMPT } from './http/ip-rate-limit';
import {
  HTTP_HEADERS_TIMEOUT_DEFAULT_MS,
  REQUEST_BODY_TIMEOUT_DEFAULT_MS,
} from './http/request-timeouts';
import { logEnvSchema } from './log-env';
import { INGEST_MAX_FUTURE_DEFAULT_MS, INGEST_MAX_FUTURE_MAX_MS } from './protocol/ingest-rules';

/** Smallest accepted DATABASE_MAX_BYTES, in bytes: room for the schema and a few rows. */
export const DATABASE_MAX_BYTES_MIN = 128 * 1024;

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

/**
 * Server configuration, parsed once at boot. docs/configuration.md is generated from it
 * (`npm run docs:config`): each variable's TSDoc below is its description there.
 */
export const envSchema = z.object({
  /** `production` serves the built app (`npm start` sets it); any other value runs Next in development mode. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** TCP port; 0 picks a free one (tests). */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on; loopback unless configured. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** SQLite file; its folder is created. */
  DATABASE_PATH: z.string().min(1).default('data/pulseboard.db'),
  /**
   * Cap on the SQLite file, in bytes (at least DATABASE_MAX_BYTES_MIN). Writes past it fail
   * with `store_full` (507) while reads keep serving. No cap when unset.
   */
  DATABASE_MAX_BYTES: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number().int().min(DATABASE_MAX_BYTES_MIN).optional(),
  ),
  /** When set, `POST /api/metrics` requires `Authorization: Bearer <token>`. */
  INGEST_TOKEN: optionalText,
  /** When set, `GET /metrics` requires `Authorization: Bearer <token>`. */
  METRICS_TOKEN: optionalText,
  /** Extra browser origins allowed to open `/ws/chat` and send state-changing requests, comma separated. */
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
  /**
   * How far ahead of the server clock a sample's `ts` may be, in milliseconds (default 5 min,
   * at most 24 h); a later one, or one older than RETENTION_RAW_HOURS, gets `400 bad_timestamp`.
   */
  INGEST_MAX_FUTURE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(INGEST_MAX_FUTURE_MAX_MS)
    .default(INGEST_MAX_FUTURE_DEFAULT_MS),
  /** Raw samples are kept this many hours (older ones are swept; ranges use rollups). */
  RETENTION_RAW_HOURS: z.coerce.number().int().min(1).max(87_600).default(48),
  /** Minute rollups are kept this many days. */
  RETENTION_MINUTE_DAYS: z.coerce.number().int().min(1).max(3660).default(30),
  /** Hour rollups are kept this many days. */
  RETENTION_HOUR_DAYS: z.coerce.number().int().min(1).max(36_600).default(365),
  /** Time between retention sweeps, in milliseconds. */
  RETENTION_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
  /** Most rows one retention DELETE statement removes. */
  RETENTION_BATCH_ROWS: z.coerce.number().int().min(1).max(100_000).default(2000),
  /** Work budget of one retention sweep, in milliseconds; the rest waits for the next sweep. */
  RETENTION_SWEEP_MAX_MS: z.coerce.number().int().min(1).max(10_000).default(50),
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
  /** Time a client has to send the request line and headers, in milliseconds; then 408. */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(HTTP_HEADERS_TIMEOUT_DEFAULT_MS),
  /** Time a client has to send a request body once its headers are in, in milliseconds; then 408. */
  REQUEST_BODY_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(REQUEST_BODY_TIMEOUT_DEFAULT_MS),
  /** `POST /api/metrics` requests per minute per client address (burst: the same); then 429. */
  RATE_LIMIT_INGEST_PER_MIN: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** New SSE streams plus chat sockets per minute per client address (burst: the same); then 429. */
  RATE_LIMIT_CONNECT_PER_MIN: z.coerce.number().int().min(1).max(1_000_000).default(300),
  /**
   * Client addresses never rate limited, comma separated; default loopback (the operator's own
   * machine, and every client behind a local proxy unless TRUST_PROXY is set). Empty: none.
   */
  RATE_LIMIT_EXEMPT: z
    .string()
    .default(RATE_LIMIT_DEFAULT_EXEMPT.join(','))
    .transform((v) =>
      v
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    ),
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
  /** One shared password: turns access control on; the login form asks a display name too. */
  AUTH_PASSWORD: optionalText,
  /** `name:password,name2:password2`: turns access control on with names bound to passwords. */
  AUTH_USERS: authUsersSchema,
  /** HMAC key of the session cookie (at least 32 characters); derived from the passwords when unset. */
  AUTH_SECRET: optionalText.pipe(z.string().min(32).optional()),
  /** Lifetime of a login session, in seconds (1 to 604800). Default 43200 (12 h). */
  AUTH_SESSION_TTL_S: z.coerce
    .number()
    .int()
    .min(SESSION_TTL_MIN_S)
    .max(SESSION_TTL_MAX_S)
    .default(SESSION_TTL_DEFAULT_S),
  ...logEnvSchema.shape,
});

export type Env = z.infer<typeof envSchema>;

/** Parses `source` (process.env); throws an Error listing every bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.superRefine(onePasswordSetting).safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new Error(`Invalid environment:\n${lines.join('\n')}`);
}
