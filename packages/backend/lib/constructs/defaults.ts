import { Duration, RemovalPolicy } from 'aws-cdk-lib';

/**
 * Defaults shared by the constructs, in one place so that the README, the tests and the
 * local backend agree on them.
 */

/** The origins the local demo is served from by `npm start` (ARCHITECTURE.md, "Contracts": the commands). */
export const LOCAL_DEMO_ORIGINS: readonly string[] = ['http://127.0.0.1:8080', 'http://localhost:8080'];

/** Cognito tokens: short-lived access and id tokens, a week of refresh (a prop changes it). */
export const TOKEN_VALIDITY = {
  accessToken: Duration.hours(1),
  idToken: Duration.hours(1),
  refreshToken: Duration.days(7),
  authSession: Duration.minutes(3),
} as const;

/** How long the browser may cache a CORS preflight answer. */
export const CORS_MAX_AGE_SECONDS = 3000;

/** Incomplete multipart uploads are aborted by the bucket's lifecycle after this long. */
export const ABORT_INCOMPLETE_MULTIPART_AFTER = Duration.days(1);

/**
 * Response headers the browser may read. ETag is needed to complete multipart uploads; the
 * request ids and error headers make failures debuggable; the metadata header carries the
 * original file name; the checksum headers let a page read the CRC-32C S3 verified and stored.
 */
export const CORS_EXPOSED_HEADERS: readonly string[] = [
  'ETag',
  'Content-Length',
  'Content-Type',
  'Content-Disposition',
  'Last-Modified',
  'x-amz-request-id',
  'x-amz-id-2',
  'x-amz-version-id',
  'x-amz-server-side-encryption',
  'x-amz-meta-original-name',
  'x-amz-checksum-crc32c',
  'x-amz-checksum-type',
];

/** Data is kept unless the user explicitly asks for a throwaway (dev) deployment. */
export const DEFAULT_REMOVAL_POLICY = RemovalPolicy.RETAIN;

/** Overwritten and deleted versions are kept this long, then the bucket's lifecycle removes them. */
export const KEEP_OLD_VERSIONS_FOR = Duration.days(30);

/** Requests over older TLS versions are refused by the bucket policy. */
export const MINIMUM_TLS_VERSION = 1.2;

/** The only storage class writes may ask for (an absent header means this one). */
export const ALLOWED_STORAGE_CLASS = 'STANDARD';

/** The identity pool's policy variable for the caller's identity id (`region:uuid`). */
export const IDENTITY_ID_VARIABLE = '${cognito-identity.amazonaws.com:sub}';

/** Server-side limits (the stack's props change them). */
export const LIMITS = {
  /** Largest object: 5 GiB. */
  maxObjectBytes: 5 * 1024 ** 3,
  /** Most one identity keeps at every level together: 10 GiB. */
  quotaBytes: 10 * 1024 ** 3,
} as const;
