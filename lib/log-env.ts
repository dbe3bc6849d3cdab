import { z } from 'zod';

/** Levels LOG_LEVEL accepts, most verbose first. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/** Formats LOG_FORMAT accepts. */
export const LOG_FORMATS = ['json', 'pretty'] as const;

// An empty value (`LOG_LEVEL=` in an env file) means unset, as for the other settings.
const blankAsUnset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/**
 * The logging settings. lib/logger.ts reads them on its own at import time, before the server
 * parses the whole environment; envSchema includes this shape, so each is defined once and a
 * bad value stops the server at boot like any other.
 */
export const logEnvSchema = z.object({
  /** Least severe level written (`silent` writes nothing). */
  LOG_LEVEL: z.preprocess(blankAsUnset, z.enum(LOG_LEVELS).default('info')),
  /**
   * `json`: one JSON line per event; `pretty`: readable lines. Unset: `json` when NODE_ENV is
   * `production` (`npm start`), `pretty` otherwise (`npm run dev`).
   */
  LOG_FORMAT: z.preprocess(blankAsUnset, z.enum(LOG_FORMATS).optional()),
});

/** The parsed logging settings. */
export type LogEnv = z.infer<typeof logEnvSchema>;

/**
 * The logging settings of `source`; a bad value falls back to the defaults here, because the
 * logger must exist before anything can report it (parseEnv then stops the server naming it).
 */
export function readLogEnv(source: Record<string, string | undefined> = process.env): LogEnv {
  const result = logEnvSchema.safeParse(source);
  return result.success ? result.data : logEnvSchema.parse({});
}
