/**
 * What an S3 request says apart from its body, read without side effects: the query (in
 * SigV4's order), the object headers a PUT stores (metadata within S3's 2 KB), ranges,
 * response-header overrides and the sub-resources this backend does not implement.
 */
import type { IncomingMessage } from 'node:http';
import { S3Error } from '../errors.js';
import type { ObjectHeaders, StoredObject } from './object-store.js';
import { headerValue } from './sigv4.js';

/**
 * Percent-decodes a part of a request; malformed encoding (`%E0%A4%A`) is S3's 400 InvalidURI,
 * never an exception that escapes.
 */
export function decodeUriPart(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new S3Error('InvalidURI', "Couldn't parse the specified URI.", 400, { URI: raw.slice(0, 1024) });
  }
}

/** The bucket and key of a path-style request path (`/bucket/key`), decoded. */
export function parsePath(rawPath: string): { bucket: string; key: string } {
  const slash = rawPath.indexOf('/', 1);
  return { bucket: decodeUriPart(slash < 0 ? rawPath.slice(1) : rawPath.slice(1, slash)), key: slash < 0 ? '' : decodeUriPart(rawPath.slice(slash + 1)) };
}

/** Parses `a=b&c` keeping the order and decoding each part once, as SigV4 needs it. */
export function parseQuery(rawQuery: string): [string, string][] {
  if (rawQuery === '') return [];
  return rawQuery.split('&').map((pair) => {
    const at = pair.indexOf('=');
    const name = at < 0 ? pair : pair.slice(0, at);
    const value = at < 0 ? '' : pair.slice(at + 1);
    return [decodeUriPart(name), decodeUriPart(value)];
  });
}

/** S3's limit on a key: 1,024 bytes of UTF-8. */
export const KEY_MAX_BYTES = 1024;

/** Refuses keys S3 would: longer than 1,024 bytes, or holding characters XML 1.0 cannot carry in a listing. */
export function checkKey(key: string): void {
  if (Buffer.byteLength(key) > KEY_MAX_BYTES) throw new S3Error('KeyTooLongError', 'Your key is too long', 400, { MaxSizeAllowed: String(KEY_MAX_BYTES), Size: String(Buffer.byteLength(key)) });
  if (/[\u0000\ufffe\uffff]/.test(key)) throw new S3Error('InvalidArgument', 'Object keys cannot contain the characters U+0000, U+FFFE or U+FFFF', 400);
}

/** S3 sub-resources (query parameters that address something other than the object's bytes). */
export const UNSUPPORTED_SUBRESOURCES = new Set([
  'acl', 'attributes', 'accelerate', 'analytics', 'cors', 'encryption', 'intelligent-tiering', 'inventory', 'legal-hold',
  'lifecycle', 'logging', 'metrics', 'notification', 'object-lock', 'ownershipControls', 'policy', 'policyStatus',
  'publicAccessBlock', 'replication', 'requestPayment', 'restore', 'retention', 'select', 'tagging', 'torrent',
  'versioning', 'versions', 'website',
]);

export const RESPONSE_OVERRIDES: [string, string][] = [
  ['response-content-type', 'content-type'],
  ['response-content-disposition', 'content-disposition'],
  ['response-content-encoding', 'content-encoding'],
  ['response-content-language', 'content-language'],
  ['response-cache-control', 'cache-control'],
  ['response-expires', 'expires'],
];

export function objectHeaders(req: IncomingMessage): ObjectHeaders {
  const metadata: Record<string, string> = {};
  let metadataSize = 0;
  for (const [name, value] of Object.entries(req.headers)) {
    if (!name.startsWith('x-amz-meta-') || value === undefined) continue;
    const text = Array.isArray(value) ? value.join(',') : value;
    metadata[name.slice('x-amz-meta-'.length)] = text;
    metadataSize += name.length - 'x-amz-meta-'.length + text.length;
  }
  if (metadataSize > 2048) throw new S3Error('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size.', 400, { Size: String(metadataSize), MaxSizeAllowed: '2048' });
  const encoding = headerValue(req.headers, 'content-encoding')
    ?.split(',')
    .map((e) => e.trim())
    .filter((e) => e && e !== 'aws-chunked')
    .join(', ');
  return {
    contentType: headerValue(req.headers, 'content-type') || undefined,
    contentDisposition: headerValue(req.headers, 'content-disposition'),
    contentEncoding: encoding || undefined,
    contentLanguage: headerValue(req.headers, 'content-language'),
    cacheControl: headerValue(req.headers, 'cache-control'),
    expires: headerValue(req.headers, 'expires'),
    metadata,
  };
}

export function checksumHeaders(checksum: StoredObject['checksum']): Record<string, string> {
  if (!checksum) return {};
  return { [`x-amz-checksum-${checksum.algorithm.toLowerCase()}`]: checksum.value, ...(checksum.type ? { 'x-amz-checksum-type': checksum.type } : {}) };
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n`; undefined to ignore (S3 then serves the whole object). */
export function parseRange(range: string, size: number): [number, number] | 'unsatisfiable' | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    return [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || start > end) return 'unsatisfiable';
  return [start, end];
}
