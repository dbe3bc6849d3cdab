import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { readLogEnv } from './log-env';

/**
 * Log bytes buffered while stdout is not keeping up; past this, lines are dropped instead of
 * blocking the event loop (a synchronous write to a stuck pipe would stall every socket).
 */
export const LOG_BUFFER_MAX_BYTES = 4 * 1024 * 1024;

type Destination = ReturnType<typeof pino.destination>;

function createLogger(): { logger: Logger; destination: Destination } {
  const { LOG_LEVEL: level, LOG_FORMAT } = readLogEnv();
  const destination = pino.destination({ dest: 1, sync: false, maxLength: LOG_BUFFER_MAX_BYTES });
  // A closed stdout (EPIPE) must not crash or hang the server.
  destination.on('error', () => {});
  const options = {
    level,
    base: { pid: process.pid },
    formatters: { level: (label: string) => ({ level: label }) },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Secrets never reach a log line, whatever a caller passes.
    redact: {
      paths: ['token', 'authorization', 'password', '*.authorization'],
      censor: '[redacted]',
    },
  };
  // JSON lines in production; readable lines in development, formatted in-process (no worker).
  const json =
    (LOG_FORMAT ?? (process.env.NODE_ENV === 'production' ? 'json' : 'pretty')) === 'json';
  const stream = json ? destination : pretty({ colorize: process.stdout.isTTY, destination });
  return { logger: pino(options, stream), destination };
}

const LOGGER_KEY = Symbol.for('pulseboard.logger');
type Holder = { [LOGGER_KEY]?: ReturnType<typeof createLogger> };
const shared = (globalThis as Holder)[LOGGER_KEY] ?? createLogger();
(globalThis as Holder)[LOGGER_KEY] = shared;

/** The process-wide pino logger (shared by server.ts and the route bundles). */
export const logger: Logger = shared.logger;

/** Writes out buffered lines before exit; never throws. */
export function flushLogs(): void {
  try {
    shared.destination.flushSync();
  } catch {
    // stdout is gone: nothing more to do.
  }
}

type Fields = Record<string, unknown>;

/** `log.info('chat open', { connId })`: message first, structured fields second. */
export const log = {
  debug: (msg: string, fields?: Fields) => logger.debug(fields ?? {}, msg),
  info: (msg: string, fields?: Fields) => logger.info(fields ?? {}, msg),
  warn: (msg: string, fields?: Fields) => logger.warn(fields ?? {}, msg),
  error: (msg: string, fields?: Fields) => logger.error(fields ?? {}, msg),
};

/**
 * Whether lines of `level` are written (LOG_LEVEL). A line logged for every connection checks
 * it first, so its fields are not built for nothing (`LOG_LEVEL=warn` drops `info`).
 */
export function logs(level: 'debug' | 'info' | 'warn' | 'error'): boolean {
  return logger.isLevelEnabled(level);
}

/** A serialisable summary of an unknown thrown value. */
export function errorFields(error: unknown): Fields {
  if (error instanceof Error) return { err: { message: error.message, stack: error.stack } };
  return { err: { message: String(error) } };
}
