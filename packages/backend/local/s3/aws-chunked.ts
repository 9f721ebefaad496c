/**
 * Decodes `aws-chunked` request bodies (what current SDKs, awscli and boto3 send for streamed
 * uploads): `hex-size[;chunk-signature=…]\r\n data \r\n` … a zero-size chunk, then optional
 * trailing headers (a checksum, and for signed streams its signature). Chunk signatures chain
 * from the request's signature and are checked as the data streams; only the payload is yielded.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { S3Error } from '../errors.js';

export type StreamingMode = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' | 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER' | 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';

export const STREAMING_MODES: readonly string[] = ['STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER'];

export interface ChunkSigning {
  key: Buffer;
  seedSignature: string;
  amzDate: string;
  scope: string;
}

export interface DecodedTrailers {
  /** Trailing headers by lower-case name (e.g. x-amz-checksum-crc32). */
  headers: Record<string, string>;
}

const EMPTY_SHA256 = createHash('sha256').digest('hex');
const CRLF = Buffer.from('\r\n');
const MAX_LINE = 8192;
/** A request carries a checksum and its signature as trailers: a handful at most. */
const MAX_TRAILERS = 8;

const malformed = (why: string) => new S3Error('IncompleteBody', `The aws-chunked body is malformed: ${why}`, 400);

function checkSignature(signing: ChunkSigning, kind: 'PAYLOAD' | 'TRAILER', previous: string, hashHex: string, given: string | undefined): string {
  const parts = [`AWS4-HMAC-SHA256-${kind}`, signing.amzDate, signing.scope, previous];
  if (kind === 'PAYLOAD') parts.push(EMPTY_SHA256);
  parts.push(hashHex);
  const expected = createHmac('sha256', signing.key).update(parts.join('\n')).digest();
  const provided = Buffer.from(given ?? '', 'hex');
  if (provided.length !== expected.length || !timingSafeEqual(provided, expected)) {
    throw new S3Error('SignatureDoesNotMatch', `The ${kind === 'PAYLOAD' ? 'chunk' : 'trailer'} signature we calculated does not match the signature you provided.`, 403);
  }
  return expected.toString('hex');
}

export async function* decodeAwsChunked(
  source: AsyncIterable<Buffer>,
  mode: StreamingMode,
  signing: ChunkSigning | undefined,
  trailers: DecodedTrailers,
): AsyncGenerator<Buffer> {
  const signed = mode !== 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
  const withTrailer = mode.endsWith('-TRAILER');
  if (signed && !signing) throw malformed('signed chunks without a signing key');
  let previous = signing?.seedSignature ?? '';
  let state: 'header' | 'data' | 'data-end' | 'trailer' | 'end' | 'done' = 'header';
  let remaining = 0;
  let chunkSignature: string | undefined;
  let chunkHash = createHash('sha256');
  let buffer: Buffer = Buffer.alloc(0);
  const trailerLines: string[] = [];

  const readLine = (): string | undefined => {
    const end = buffer.indexOf(CRLF);
    if (end < 0) {
      if (buffer.length > MAX_LINE) throw malformed('a chunk header or trailer line is too long');
      return undefined;
    }
    const line = buffer.subarray(0, end).toString('latin1');
    buffer = buffer.subarray(end + 2);
    return line;
  };

  for await (const piece of source) {
    buffer = buffer.length > 0 ? Buffer.concat([buffer, piece]) : piece;
    for (;;) {
      if (state === 'header') {
        const line = readLine();
        if (line === undefined) break;
        const [sizeHex, ...extensions] = line.split(';');
        if (!sizeHex || !/^[0-9a-fA-F]+$/.test(sizeHex)) throw malformed(`bad chunk size "${line.slice(0, 40)}"`);
        remaining = parseInt(sizeHex, 16);
        chunkSignature = extensions.find((e) => e.startsWith('chunk-signature='))?.slice('chunk-signature='.length);
        chunkHash = createHash('sha256');
        if (remaining === 0) {
          if (signed) previous = checkSignature(signing!, 'PAYLOAD', previous, EMPTY_SHA256, chunkSignature);
          state = withTrailer ? 'trailer' : 'end';
        } else {
          state = 'data';
        }
      } else if (state === 'data') {
        if (buffer.length === 0) break;
        const take = Math.min(remaining, buffer.length);
        const data = buffer.subarray(0, take);
        buffer = buffer.subarray(take);
        remaining -= take;
        if (signed) chunkHash.update(data);
        yield data;
        if (remaining === 0) {
          if (signed) previous = checkSignature(signing!, 'PAYLOAD', previous, chunkHash.digest('hex'), chunkSignature);
          state = 'data-end';
        }
      } else if (state === 'data-end' || state === 'end') {
        if (buffer.length < 2) break;
        if (buffer[0] !== 13 || buffer[1] !== 10) throw malformed('a chunk does not end with CRLF');
        buffer = buffer.subarray(2);
        state = state === 'data-end' ? 'header' : 'done';
      } else if (state === 'trailer') {
        const line = readLine();
        if (line === undefined) break;
        if (line === '') {
          state = 'done';
          continue;
        }
        trailerLines.push(line);
        if (trailerLines.length > MAX_TRAILERS) throw malformed(`more than ${MAX_TRAILERS} trailer lines`);
      } else {
        if (buffer.length > 0) throw malformed('data after the final chunk');
        break;
      }
    }
  }
  if ((state as string) !== 'done') throw new S3Error('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header', 400);

  let trailerSignature: string | undefined;
  const canonical: string[] = [];
  for (const line of trailerLines) {
    const colon = line.indexOf(':');
    if (colon < 0) throw malformed(`bad trailer "${line.slice(0, 40)}"`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') trailerSignature = value;
    else {
      trailers.headers[name] = value;
      canonical.push(`${name}:${value}\n`);
    }
  }
  if (signed && withTrailer) checkSignature(signing!, 'TRAILER', previous, createHash('sha256').update(canonical.join('')).digest('hex'), trailerSignature);
}
