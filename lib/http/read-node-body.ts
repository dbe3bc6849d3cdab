import type { IncomingMessage } from 'node:http';
import { AppError } from '@/lib/errors';
import type { DrainDeadline } from './drain-deadline';
import { bodyTimedOut, bodyTooLarge } from './json-body-rules';

function shuttingDown(): AppError {
  return new AppError(
    'shutting_down',
    'the server is shutting down; nothing of this request was stored; retry it',
  );
}

/**
 * Reads a raw Node request body as UTF-8 text: 413 past `maxBytes`, 408 unless it is complete within `timeoutMs`, 503 when
 * the shutdown's drain deadline passes first.
 */
export function readNodeBody(
  req: IncomingMessage,
  maxBytes: number,
  timeoutMs: number,
  drainDeadline?: DrainDeadline,
): Promise<string> {
  return new Promise((resolve, reject) => {
    if (drainDeadline?.passed) {
      reject(shuttingDown());
      return;
    }
    const chunks: Buffer[] = [];
    let total = 0;
    const stop = (error: unknown) => {
      clearTimeout(timer);
      forget?.();
      req.removeAllListeners('data');
      req.removeAllListeners('end');
      req.resume();
      reject(error);
    };
    const timer = setTimeout(() => stop(bodyTimedOut(timeoutMs)), timeoutMs);
    const forget = drainDeadline?.onPass(() => stop(shuttingDown()));
    req.on('data', (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > maxBytes) {
        stop(bodyTooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => {
      clearTimeout(timer);
      forget?.();
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.once('error', (error) => {
      clearTimeout(timer);
      forget?.();
      reject(error);
    });
    req.once('close', () => {
      clearTimeout(timer);
      forget?.();
    });
  });
}
