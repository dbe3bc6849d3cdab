import type { Server } from 'node:http';
import { errorFields, flushLogs, log } from '@/lib/logger';

/**
 * Binds the port. When it cannot (EADDRINUSE, EACCES, ...), logs `cannot listen` with the
 * error code, runs `release` (closes what was opened; nothing has been written yet) and ends
 * the process with code 1. Bind first, then start the writers: a second server started on a
 * port in use must leave the database as it found it (issue 10 A3).
 */
export function listenOrExit(
  server: Server,
  where: { host: string; port: number },
  release: () => Promise<void>,
): Promise<void> {
  return new Promise((resolve) => {
    const fail = async (error: NodeJS.ErrnoException) => {
      log.error('cannot listen', { ...where, code: error.code, ...errorFields(error) });
      try {
        await release();
      } finally {
        flushLogs();
        process.exit(1);
      }
    };
    server.once('error', fail);
    server.listen(where.port, where.host, () => {
      server.off('error', fail);
      resolve();
    });
  });
}
