import { AppError, toErrorBody } from '@/lib/errors';
import { errorFields, log } from '@/lib/logger';
import { findRuntime, type Runtime } from '@/lib/runtime';
import { leavesBodyUnread } from './json-body-rules';

type Handler = (request: Request, runtime: Runtime) => Promise<Response> | Response;

/**
 * Wraps a route handler: supplies the runtime and maps thrown errors to
 * `{"error":{"code","message"}}` with the code's status; unknown errors are logged once.
 */
export function withErrors(handler: Handler): (request: Request) => Promise<Response> {
  return async (request) => {
    const runtime = findRuntime();
    try {
      if (!runtime) {
        throw new AppError('unavailable', 'Pulseboard is not running: start it with server.ts');
      }
      return await handler(request, runtime);
    } catch (error) {
      const { status, body, known, retryAfterS } = toErrorBody(error);
      runtime?.httpErrors.count(body.error.code);
      const reqId = request.headers.get('x-request-id');
      if (!known)
        log.error('unhandled route error', { reqId, url: request.url, ...errorFields(error) });
      const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
      if (leavesBodyUnread(body.error.code)) headers.Connection = 'close';
      if (retryAfterS !== undefined) headers['Retry-After'] = String(retryAfterS);
      return Response.json(body, { status, headers });
    }
  };
}
