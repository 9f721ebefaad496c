/**
 * AWS Signature Version 4 as S3 checks it: in the Authorization header or in a presigned
 * query. The request is signed again from its own signed headers with the secret we issued,
 * and the two signatures compared in constant time.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from '../errors.js';

export const MAX_CLOCK_SKEW_MS = 15 * 60_000;
const ALGORITHM = 'AWS4-HMAC-SHA256';

export interface SignedRequestInfo {
  accessKeyId: string;
  /** yyyymmdd of the credential scope. */
  scopeDate: string;
  region: string;
  service: string;
  /** yyyymmddThhmmssZ */
  amzDate: string;
  signedHeaders: string[];
  signature: string;
  presigned: boolean;
  /** Presigned URLs only: lifetime in seconds. */
  expiresSeconds?: number;
  /** The payload hash that was signed: hex, UNSIGNED-PAYLOAD or a STREAMING-… mode. */
  payloadHash: string;
  /** The security token sent with the request, if any. */
  securityToken?: string;
}

export interface RawRequest {
  method: string;
  /** Path exactly as sent, still percent-encoded. */
  rawPath: string;
  /** Query pairs decoded, in the order sent. */
  query: [string, string][];
  headers: IncomingHttpHeaders;
}

/** A request header as one string (repeated headers joined by commas), or undefined. */
export const headerValue = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
};

export function parseAmzDate(amzDate: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!m) return Number.NaN;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

function parseCredential(credential: string) {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') {
    throw new S3Error('AuthorizationHeaderMalformed', `The credential '${credential}' is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`, 400);
  }
  const [accessKeyId, scopeDate, region, service] = parts as [string, string, string, string];
  return { accessKeyId, scopeDate, region, service };
}

/** Reads the signature parts of a request; undefined for an anonymous request. */
export function readSignature(request: RawRequest): SignedRequestInfo | undefined {
  const authorization = headerValue(request.headers, 'authorization');
  const query = new Map(request.query);
  if (authorization) {
    if (!authorization.startsWith(`${ALGORITHM} `)) {
      throw new S3Error('InvalidArgument', 'Unsupported Authorization Type; only AWS4-HMAC-SHA256 (Signature Version 4) is supported', 400);
    }
    const fields = Object.fromEntries(
      authorization
        .slice(ALGORITHM.length + 1)
        .split(',')
        .map((part) => part.trim().split('=', 2) as [string, string]),
    );
    if (!fields.Credential || !fields.SignedHeaders || !fields.Signature) {
      throw new S3Error('AuthorizationHeaderMalformed', 'The authorization header is malformed; it needs Credential, SignedHeaders and Signature.', 400);
    }
    const amzDate = headerValue(request.headers, 'x-amz-date');
    if (!amzDate || Number.isNaN(parseAmzDate(amzDate))) throw new S3Error('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header', 403);
    const payloadHash = headerValue(request.headers, 'x-amz-content-sha256');
    if (!payloadHash) throw new S3Error('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256', 400);
    return {
      ...parseCredential(fields.Credential),
      amzDate,
      signedHeaders: fields.SignedHeaders.split(';'),
      signature: fields.Signature,
      presigned: false,
      payloadHash,
      securityToken: headerValue(request.headers, 'x-amz-security-token'),
    };
  }
  if (query.has('X-Amz-Signature') || query.has('X-Amz-Credential')) {
    if (query.get('X-Amz-Algorithm') !== ALGORITHM) {
      throw new S3Error('AuthorizationQueryParametersError', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"', 400);
    }
    const required = ['X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature'];
    const missing = required.filter((name) => !query.get(name));
    if (missing.length > 0) {
      throw new S3Error('AuthorizationQueryParametersError', `Query-string authentication version 4 requires ${missing.join(', ')}.`, 400);
    }
    const expiresSeconds = Number(query.get('X-Amz-Expires'));
    if (!Number.isInteger(expiresSeconds) || expiresSeconds < 1 || expiresSeconds > 604800) {
      throw new S3Error('AuthorizationQueryParametersError', 'X-Amz-Expires must be between 1 and 604800 seconds', 400);
    }
    const amzDate = query.get('X-Amz-Date')!;
    if (Number.isNaN(parseAmzDate(amzDate))) throw new S3Error('AuthorizationQueryParametersError', 'X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'"', 400);
    return {
      ...parseCredential(query.get('X-Amz-Credential')!),
      amzDate,
      signedHeaders: query.get('X-Amz-SignedHeaders')!.split(';'),
      signature: query.get('X-Amz-Signature')!,
      presigned: true,
      expiresSeconds,
      payloadHash: query.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD',
      securityToken: query.get('X-Amz-Security-Token'),
    };
  }
  return undefined;
}

const PAYLOAD_HASH = /^(?:[0-9a-f]{64}|UNSIGNED-PAYLOAD|STREAMING-UNSIGNED-PAYLOAD-TRAILER|STREAMING-AWS4-HMAC-SHA256-PAYLOAD(?:-TRAILER)?)$/;

/**
 * Refuses a signature whose scope is not this backend's (its date, region and service) or
 * whose payload hash is none of the values S3 knows: a malformed one must not skip the body
 * check that a real hash or a streaming mode asks for.
 */
export function checkScope(info: SignedRequestInfo, region: string): void {
  const error = (message: string, extra: Record<string, string> = {}) =>
    new S3Error(info.presigned ? 'AuthorizationQueryParametersError' : 'AuthorizationHeaderMalformed', message, 400, extra);
  if (info.scopeDate !== info.amzDate.slice(0, 8)) throw error('Invalid credential date. Date is not the same as X-Amz-Date.');
  if (info.region !== region) throw error(`The authorization header is malformed; the region '${info.region}' is wrong; expecting '${region}'`, { Region: region });
  if (info.service !== 's3') throw error(`The authorization header is malformed; incorrect service "${info.service}". This endpoint belongs to "s3".`);
  if (!PAYLOAD_HASH.test(info.payloadHash)) {
    throw new S3Error('InvalidArgument', 'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD(-TRAILER), or a valid sha256 value.', 400, {
      ArgumentName: 'x-amz-content-sha256',
    });
  }
}

/** Refuses a request signed too far from now, or a presigned URL past its lifetime. */
export function checkSignatureTime(info: SignedRequestInfo, now = Date.now()): void {
  const signedAt = parseAmzDate(info.amzDate);
  if (info.presigned) {
    if (signedAt - now > MAX_CLOCK_SKEW_MS) throw new S3Error('AccessDenied', 'Request is not valid yet', 403);
    if (signedAt + info.expiresSeconds! * 1000 < now) {
      throw new S3Error('AccessDenied', 'Request has expired', 403, {
        'X-Amz-Expires': String(info.expiresSeconds),
        Expires: new Date(signedAt + info.expiresSeconds! * 1000).toISOString(),
        ServerTime: new Date(now).toISOString(),
      });
    }
    return;
  }
  if (Math.abs(now - signedAt) > MAX_CLOCK_SKEW_MS) {
    throw new S3Error('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', 403, {
      RequestTime: info.amzDate,
      ServerTime: new Date(now).toISOString(),
      MaxAllowedSkewMilliseconds: String(MAX_CLOCK_SKEW_MS),
    });
  }
}

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
export const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

export function signingKey(secret: string, info: Pick<SignedRequestInfo, 'scopeDate' | 'region' | 'service'>): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, info.scopeDate), info.region), info.service), 'aws4_request');
}

export function credentialScope(info: Pick<SignedRequestInfo, 'scopeDate' | 'region' | 'service'>): string {
  return `${info.scopeDate}/${info.region}/${info.service}/aws4_request`;
}

export interface VerifiedSignature {
  /** For aws-chunked bodies: each chunk's signature chains from this one. */
  seedSignature: string;
  key: Buffer;
}

/**
 * Signs the request again and compares. Throws SignatureDoesNotMatch with the string to sign
 * and canonical request (as S3 does), so a client author can see where the two differ.
 */
export function verifySignature(request: RawRequest, info: SignedRequestInfo, secret: string): VerifiedSignature {
  const missingSigned = info.signedHeaders.filter((name) => headerValue(request.headers, name) === undefined);
  if (missingSigned.length > 0 || !info.signedHeaders.includes('host')) {
    throw new S3Error('AccessDenied', `There were headers present in the request which were not signed, or signed headers that are missing: ${missingSigned.join(', ') || 'host must be signed'}`, 403);
  }
  const canonicalQuery = request.query
    .filter(([name]) => !(info.presigned && name === 'X-Amz-Signature'))
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const canonicalHeaders = info.signedHeaders.map((name) => `${name}:${headerValue(request.headers, name)!.trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonicalRequest = [request.method, request.rawPath, canonicalQuery, canonicalHeaders, info.signedHeaders.join(';'), info.payloadHash].join('\n');
  const stringToSign = [ALGORITHM, info.amzDate, credentialScope(info), sha256Hex(canonicalRequest)].join('\n');
  const key = signingKey(secret, info);
  const expected = createHmac('sha256', key).update(stringToSign).digest();
  const given = Buffer.from(info.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new S3Error('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', 403, {
      AWSAccessKeyId: info.accessKeyId,
      StringToSign: stringToSign,
      CanonicalRequest: canonicalRequest,
    });
  }
  return { seedSignature: info.signature, key };
}
