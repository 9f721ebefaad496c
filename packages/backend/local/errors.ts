/**
 * Errors of the JSON-protocol services (Cognito user pool and identity pool): the `__type`
 * and message the real services send, so SDKs raise the same exception classes.
 */
export class AwsJsonError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** S3's XML errors: a code, a message, an HTTP status, and optional extra fields. */
export class S3Error extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}
