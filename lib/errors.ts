/** The closed set of HTTP API error codes. */
export type ErrorCode =
  | 'bad_request'
  | 'invalid_json'
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unavailable'
  | 'shutting_down'
  | 'internal_error';

/** HTTP status of each error code. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unavailable: 503,
  shutting_down: 503,
  internal_error: 500,
};

/** An error safe to show to the client: its code and message become the response body. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_STATUS[code];
  }
}

export type ErrorBody = { error: { code: ErrorCode; message: string } };

/** Maps any thrown value to a status and body; unknown errors become a generic 500. */
export function toErrorBody(error: unknown): { status: number; body: ErrorBody; known: boolean } {
  if (error instanceof AppError) {
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message } },
      known: true,
    };
  }
  return {
    status: 500,
    body: { error: { code: 'internal_error', message: 'Internal server error' } },
    known: false,
  };
}
