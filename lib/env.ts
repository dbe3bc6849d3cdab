import { z } from 'zod';
import { alertEnvSchema } from './alert-env';
import {
  authUsersSchema,
  onePasswordSetting,
  SESSION_REVOCATION_MAX_LAG_DEFAULT_MS,
  SESSION_REVOCATION_MAX_LAG_MAX_MS,
  SESSION_REVOCATION_MAX_LAG_MIN_MS,
  SESSION_TTL_DEFAULT_S,
  SESSION_TTL_MAX_S,
  SESSION_TTL_MIN_S,
} from './auth/auth-env';
import { CHAT_NAME_HOLD_MS_DEFAULT } from './chat/name-holds';
import { optionalText } from './env-fields';
import { httpEnvSchema } from './http-env';

export {
  SHUTDOWN_TIMEOUT_DEFAULT_MS,
  SHUTDOWN_TIMEOUT_MAX_MS,
  SHUTDOWN_TIMEOUT_MIN_MS,
} from './http-env';

import { logEnvSchema } from './log-env';
import { INGEST_MAX_FUTURE_DEFAULT_MS, INGEST_MAX_FUTURE_MAX_MS } from './protocol/ingest-rules';
import { scrapeEnvSchema } from './scrape-env';
import { SERIES_MAX_DEFAULT, SERIES_MAX_LIMIT } from './store/series-cap';

/** Smallest accepted DATABASE_MAX_BYTES, in bytes (256 KiB): room for the schema (33 pages of 4 KiB) and rows. */
export const DATABASE_MAX_BYTES_MIN = 256 * 1024;

/**
 * A transport setting that was removed: unset or `node` (the only transport left) passes; any
 * other value stops the boot with what to do instead, never silently.
 */
function removedTransport(name: string, endpoint: string) {
  return optionalText.refine((v) => v === undefined || v === 'node', {
    message: `${name} was removed: ${endpoint} is always served on the Node response (the route-handler variant cost 7-9x the memory per connection; docs/architecture.md#transports). Unset ${name}.`,
  });
}

/**
 * Longest INSTANCE_ID, in characters: PostgreSQL keeps 63 bytes of a connection's
 * `application_name`, which names the instance in `pg_stat_activity`.
 */
export const INSTANCE_ID_MAX_CHARS = 63;
const INSTANCE_ID_PATTERN = new RegExp(`^[A-Za-z0-9._:-]{1,${INSTANCE_ID_MAX_CHARS}}$`);

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
}

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
  /** SQLite file; its folder is created. Not used when DATABASE_URL is set. */
  DATABASE_PATH: z.string().min(1).default('data/pulseboard.db'),
  /**
   * `postgres://user:password@host:port/db`: store everything in PostgreSQL (15 or newer)
   * instead of the SQLite file. Migrations run at start under an advisory lock, so several
   * instances may start at once. Unset: SQLite (DATABASE_PATH). See docs/store.md#postgresql.
   */
  DATABASE_URL: optionalText.refine((v) => v === undefined || isPostgresUrl(v), {
    message:
      'must be a PostgreSQL URL: postgres://user:password@host:port/database (or postgresql://...)',
  }),
  /**
   * This instance's name in logs (`instance`), `/metrics` (`pulseboard_instance_info`) and
   * `/api/health` (`instance`): letters, digits and `.` `_` `:` `-`, at most INSTANCE_ID_MAX_CHARS.
   * Unset: the host name and the port (`web-1:3000`).
   */
  INSTANCE_ID: optionalText.refine((v) => v === undefined || INSTANCE_ID_PATTERN.test(v), {
    message: `at most ${INSTANCE_ID_MAX_CHARS} letters, digits, '.', '_', ':' or '-'`,
  }),
  /**
   * Cap on the SQLite file, in bytes (at least DATABASE_MAX_BYTES_MIN). Writes past it fail
   * with `store_full` (507) while reads keep serving. No cap when unset. SQLite only: refused
   * beside DATABASE_URL.
   */
  DATABASE_MAX_BYTES: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.coerce.number().int().min(DATABASE_MAX_BYTES_MIN).optional(),
  ),
  /**
   * Most distinct series stored, the collector's own 10 included (default 10,000; at most
   * 1,000,000). An ingest request that would create a series past it is refused whole with
   * `409 series_limit`; samples of existing series are still accepted. Delete series
   * (`DELETE /api/series/<name>`, `npx pulseboard delete`) to make room.
   */
  SERIES_MAX: z.coerce.number().int().min(1).max(SERIES_MAX_LIMIT).default(SERIES_MAX_DEFAULT),
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
   * How long a chat name stays held for the identity key (`/ws/chat?key=`) that used it after
   * its last connection closed, in milliseconds (0: only while connected). Another key, or a
   * connection without one, is refused the name meanwhile (`name_taken`, close 4409).
   */
  CHAT_NAME_HOLD_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(86_400_000)
    .default(CHAT_NAME_HOLD_MS_DEFAULT),
  /**
   * Removed (one transport per endpoint, docs/architecture.md#transports): only `node`, what
   * was the default, is accepted; `route` stops the boot with the sentence saying what to do.
   */
  STREAM_TRANSPORT: removedTransport('STREAM_TRANSPORT', 'GET /api/stream'),
  /** Removed, as STREAM_TRANSPORT: only `node` is accepted. */
  INGEST_TRANSPORT: removedTransport('INGEST_TRANSPORT', 'POST /api/metrics'),
  ...httpEnvSchema.shape,
  ...scrapeEnvSchema.shape,
  ...alertEnvSchema.shape,
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
  /**
   * Longest a session revoked by another process or instance (`pulseboard sessions end-all`)
   * is still accepted here, in milliseconds (50 to 300000): each server reads the store's
   * revocations this often. A logout on this server takes effect at once. Default 1000.
   */
  SESSION_REVOCATION_MAX_LAG_MS: z.coerce
    .number()
    .int()
    .min(SESSION_REVOCATION_MAX_LAG_MIN_MS)
    .max(SESSION_REVOCATION_MAX_LAG_MAX_MS)
    .default(SESSION_REVOCATION_MAX_LAG_DEFAULT_MS),
  ...logEnvSchema.shape,
});

export type Env = z.infer<typeof envSchema>;

/** DATABASE_MAX_BYTES caps the SQLite file: with DATABASE_URL it would be silently ignored. */
function sqliteOnlySettings(
  env: { DATABASE_URL?: string | undefined; DATABASE_MAX_BYTES?: number | undefined },
  ctx: z.RefinementCtx,
): void {
  if (env.DATABASE_URL !== undefined && env.DATABASE_MAX_BYTES !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['DATABASE_MAX_BYTES'],
      message:
        'caps the SQLite file only, and DATABASE_URL selects PostgreSQL: unset DATABASE_MAX_BYTES (cap the space on the PostgreSQL server instead)',
    });
  }
}

/** Parses `source` (process.env); throws an Error listing every bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema
    .superRefine(onePasswordSetting)
    .superRefine(sqliteOnlySettings)
    .safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new Error(`Invalid environment:\n${lines.join('\n')}`);
}
