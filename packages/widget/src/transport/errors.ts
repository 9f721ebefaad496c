import type { Refusal } from '../lib/files.js';

/**
 * One error type for everything the transport layer reports: a stable `code` the UI maps to
 * words (see messages.ts), the service's own name for it, and the original error as `cause`.
 */

/** Every code the element reports for a failure of a service or of its own configuration. */
export type ServiceErrorCode =
  | 'wrong-credentials'
  | 'not-confirmed'
  | 'email-taken'
  | 'weak-password'
  | 'wrong-code'
  | 'expired-code'
  | 'too-many-attempts'
  | 'invalid-input'
  | 'code-not-sent'
  | 'mfa-required'
  | 'session-expired'
  | 'network'
  | 'auth-failed'
  | 'credentials-failed'
  | 'access-denied'
  | 'upload-failed'
  | 'upload-cancelled'
  | 'list-failed'
  | 'delete-failed'
  | 'download-failed'
  | 'folder-failed'
  | 'config-invalid';

/** Every code an `su-error` or `su-upload-error` event may carry: a service's, or a refusal's. */
export type ErrorCode = ServiceErrorCode | Refusal['code'];

export class UploaderError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'UploaderError';
  }
}

/** The code of an error from our transport, or `fallback` for anything else. */
export function errorCode(error: unknown, fallback: ServiceErrorCode): ServiceErrorCode {
  return error instanceof UploaderError ? error.code : fallback;
}

/**
 * The abort reason that means "the user cancelled": a multipart upload is then removed from
 * S3. Any other abort (the element left the page, the user signed out) keeps it resumable.
 */
export const CANCELLED_BY_USER = 'cancelled-by-user';

export const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

/** The error a stopped request, wait or job rejects with (what `isAbort` recognises). */
export const abortError = () => new DOMException('aborted', 'AbortError');

/** The AWS/Cognito error name of an SDK or amazon-cognito-identity-js error. */
export function awsErrorName(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as { code?: unknown; name?: unknown; __type?: unknown };
  if (typeof e.code === 'string') return e.code;
  if (typeof e.name === 'string' && e.name !== 'Error') return e.name;
  return undefined;
}

/**
 * A request that never reached the server (offline, refused, CORS, a dropped connection). The
 * XHR handler names these TimeoutError, the name the SDK retries as transient.
 */
export function isNetworkError(error: unknown): boolean {
  const name = awsErrorName(error);
  const message = error instanceof Error ? error.message : String(error);
  return name === 'NetworkError' || name === 'TimeoutError' || name === 'TypeError' || /Failed to fetch|NetworkError|Network request failed|Load failed/i.test(message);
}
