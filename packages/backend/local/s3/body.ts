/**
 * Reads an S3 request body into a staging file: aws-chunked framing removed (signatures
 * checked), and x-amz-content-sha256, Content-MD5 and x-amz-checksum-* verified. Nothing is
 * visible until the caller commits the staged body.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { S3Error } from '../errors.js';
import { decodeAwsChunked, STREAMING_MODES, type ChunkSigning, type DecodedTrailers, type StreamingMode } from './aws-chunked.js';
import { bodyFlips } from '../faults.js';
import { algorithmOfHeader, CHECKSUM_ALGORITHMS, createChecksum, type ChecksumAlgorithm, type StoredChecksum } from './checksums.js';
import type { ObjectStore, StagedBody } from './object-store.js';
import { headerValue } from './sigv4.js';

export interface ReceivedBody extends StagedBody {
  /** The verified checksum, when the client sent one (or the one computed for `computeIfAbsent`). */
  checksum?: StoredChecksum;
  /** Whether the client sent `checksum` (false: the server computed it). */
  checksumSent: boolean;
}

/** A fault's bit flips in a body as it arrives, as a bad link or proxy might make them (faults.ts). */
async function* flipped(source: AsyncIterable<Buffer>, at: number): AsyncIterable<Buffer> {
  let offset = 0;
  for await (let chunk of source) {
    if (at >= offset && at < offset + chunk.length) {
      chunk = Buffer.from(chunk);
      chunk[at - offset] = chunk[at - offset]! ^ 0xff;
    }
    offset += chunk.length;
    yield chunk;
  }
}

/** Which checksum the client declared, and its value if it came up front. */
function declaredChecksum(req: IncomingMessage): { algorithm: ChecksumAlgorithm; value?: string; inTrailer: boolean } | undefined {
  for (const name of Object.keys(req.headers)) {
    const algorithm = algorithmOfHeader(name);
    if (algorithm) return { algorithm, value: headerValue(req.headers, name), inTrailer: false };
  }
  const trailer = headerValue(req.headers, 'x-amz-trailer');
  if (trailer) {
    const algorithm = algorithmOfHeader(trailer.trim());
    if (!algorithm) throw new S3Error('InvalidRequest', `The x-amz-trailer ${trailer} is not a checksum this server supports (${CHECKSUM_ALGORITHMS.join(', ')})`, 400);
    return { algorithm, inTrailer: true };
  }
  const sdkAlgorithm = headerValue(req.headers, 'x-amz-sdk-checksum-algorithm')?.toUpperCase();
  if (sdkAlgorithm) {
    if (!CHECKSUM_ALGORITHMS.includes(sdkAlgorithm as ChecksumAlgorithm)) {
      throw new S3Error('InvalidRequest', `Checksum algorithm ${sdkAlgorithm} is not supported by the local backend (${CHECKSUM_ALGORITHMS.join(', ')})`, 400);
    }
  }
  return undefined;
}

/**
 * A request's payload: aws-chunked framing removed (chunk signatures checked as it streams),
 * with the x-amz-content-sha256 check for bodies signed by their hash. Feed every chunk to
 * `observe`, then call `verify` once the body has been read.
 */
function payloadOf(req: IncomingMessage, payloadHash: string, signing: ChunkSigning | undefined) {
  const trailers: DecodedTrailers = { headers: {} };
  const streaming = STREAMING_MODES.includes(payloadHash);
  const source: AsyncIterable<Buffer> = streaming ? decodeAwsChunked(req, payloadHash as StreamingMode, signing, trailers) : req;
  const sha = /^[0-9a-f]{64}$/.test(payloadHash) ? createHash('sha256') : undefined;
  return {
    source,
    trailers,
    streaming,
    observe: (chunk: Buffer) => sha?.update(chunk),
    verify: () => {
      if (sha && sha.digest('hex') !== payloadHash) {
        throw new S3Error('XAmzContentSHA256Mismatch', 'The provided \'x-amz-content-sha256\' header does not match what was computed.', 400);
      }
    },
  };
}

/**
 * Stages a request's body, verifying what it declares. `computeIfAbsent`: the checksum to
 * compute when the client declares none (a part of a full-object multipart upload).
 */
export async function receiveBody(
  req: IncomingMessage,
  store: ObjectStore,
  payloadHash: string,
  signing: ChunkSigning | undefined,
  maxSize: number,
  computeIfAbsent?: ChecksumAlgorithm,
): Promise<ReceivedBody> {
  const declared = declaredChecksum(req);
  const algorithm = declared?.algorithm ?? computeIfAbsent;
  const running = algorithm ? createChecksum(algorithm) : undefined;
  const payload = payloadOf(req, payloadHash, signing);
  const flipAt = bodyFlips.get(req);

  let size = 0;
  const staged = await store.stage(flipAt === undefined ? payload.source : flipped(payload.source, flipAt), (chunk) => {
    size += chunk.length;
    if (size > maxSize) throw new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.', 400);
    running?.update(chunk);
    payload.observe(chunk);
  });
  try {
    const decodedLength = headerValue(req.headers, 'x-amz-decoded-content-length');
    if (payload.streaming && decodedLength !== undefined && Number(decodedLength) !== staged.size) {
      throw new S3Error('IncompleteBody', `x-amz-decoded-content-length is ${decodedLength} but the body held ${staged.size} bytes`, 400);
    }
    payload.verify();
    const contentMd5 = headerValue(req.headers, 'content-md5');
    if (contentMd5 !== undefined) {
      const given = Buffer.from(contentMd5, 'base64');
      if (given.length !== 16) throw new S3Error('InvalidDigest', 'The Content-MD5 you specified was invalid.', 400);
      if (!given.equals(staged.md5)) throw new S3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400);
    }
    let checksum: ReceivedBody['checksum'];
    if (declared && running) {
      const value = declared.inTrailer ? payload.trailers.headers[`x-amz-checksum-${declared.algorithm.toLowerCase()}`] : declared.value;
      if (!value) throw new S3Error('InvalidRequest', `The x-amz-checksum-${declared.algorithm.toLowerCase()} trailer was declared but not sent`, 400);
      const computed = running.digest();
      if (computed !== value) throw new S3Error('BadDigest', `The ${declared.algorithm} you specified did not match the calculated checksum.`, 400);
      checksum = { algorithm: declared.algorithm, value };
    } else if (computeIfAbsent && running) {
      checksum = { algorithm: computeIfAbsent, value: running.digest() };
    }
    return { ...staged, checksum, checksumSent: declared !== undefined };
  } catch (error) {
    store.discard(staged);
    throw error;
  }
}

/** Reads a small body (an XML document) into memory. */
export async function readSmallBody(req: IncomingMessage, payloadHash: string, signing: ChunkSigning | undefined, limit = 1 << 20): Promise<Buffer> {
  const payload = payloadOf(req, payloadHash, signing);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of payload.source) {
    size += chunk.length;
    if (size > limit) throw new S3Error('MaxMessageLengthExceeded', 'Your request was too big.', 400);
    payload.observe(chunk);
    chunks.push(chunk);
  }
  payload.verify();
  return Buffer.concat(chunks);
}
