/**
 * What an S3 request says apart from its body, read without side effects: the query (in
 * SigV4's order), the object headers a PUT stores (metadata within S3's 2 KB), ranges,
 * response-header overrides and the sub-resources this backend does not implement.
 */
import type { IncomingMessage } from 'node:http';
import { S3Error } from '../errors.js';
import type { ObjectHeaders, StoredObject } from './object-store.js';
import { headerValue } from './sigv4.js';

/** Parses `a=b&c` keeping the order and decoding each part once, as SigV4 needs it. */
export function parseQuery(rawQuery: string): [string, string][] {
  if (rawQuery === '') return [];
  return rawQuery.split('&').map((pair) => {
    const at = pair.indexOf('=');
    const name = at < 0 ? pair : pair.slice(0, at);
    const value = at < 0 ? '' : pair.slice(at + 1);
    return [decodeURIComponent(name), decodeURIComponent(value)];
  });
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
  return checksum ? { [`x-amz-checksum-${checksum.algorithm.toLowerCase()}`]: checksum.value } : {};
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
