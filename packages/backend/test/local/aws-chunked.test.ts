import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeAwsChunked, type DecodedTrailers } from '../../local/s3/aws-chunked.js';
import { signingKey } from '../../local/s3/sigv4.js';

// The worked example of AWS's "Signature Calculations for the Authorization Header:
// Transferring Payload in Multiple Chunks" (S3 API reference): 66560 bytes of 'a' in a 64 KiB
// chunk, a 1 KiB chunk and the final empty chunk, each signature chained from the seed.
const example = {
  secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  amzDate: '20130524T000000Z',
  seed: '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
  chunks: [
    [65536, 'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648'],
    [1024, '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497'],
    [0, 'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9'],
  ] as const,
};
const signing = {
  key: signingKey(example.secret, { scopeDate: '20130524', region: 'us-east-1', service: 's3' }),
  seedSignature: example.seed,
  amzDate: example.amzDate,
  scope: '20130524/us-east-1/s3/aws4_request',
};

function signedBody(chunks: readonly (readonly [number, string])[]): Buffer {
  return Buffer.concat(chunks.map(([size, signature]) => Buffer.concat([Buffer.from(`${size.toString(16)};chunk-signature=${signature}\r\n`), Buffer.alloc(size, 'a'), Buffer.from('\r\n')])));
}

/** Feeds the body in pieces of `pieceSize` bytes, as a socket would. */
async function decode(body: Buffer, pieceSize: number, mode: Parameters<typeof decodeAwsChunked>[1], withSigning = true) {
  async function* pieces() {
    for (let i = 0; i < body.length; i += pieceSize) yield body.subarray(i, i + pieceSize);
  }
  const trailers: DecodedTrailers = { headers: {} };
  const out: Buffer[] = [];
  for await (const chunk of decodeAwsChunked(pieces(), mode, withSigning ? signing : undefined, trailers)) out.push(chunk);
  return { payload: Buffer.concat(out), trailers: trailers.headers };
}

describe('aws-chunked decoding', () => {
  it('decodes AWS\'s signed-chunk example and verifies every chunk signature, however the bytes arrive', async () => {
    for (const pieceSize of [1, 7, 1000, 65536, 1 << 20]) {
      const { payload } = await decode(signedBody(example.chunks), pieceSize, 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD');
      assert.deepEqual(payload, Buffer.alloc(66560, 'a'), `pieces of ${pieceSize}`);
    }
  });

  it('refuses a chunk whose signature does not chain', async () => {
    const tampered = example.chunks.map(([size, sig], i) => [size, i === 1 ? sig.replace(/^0/, '1') : sig] as const);
    await assert.rejects(decode(signedBody(tampered), 4096, 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD'), { code: 'SignatureDoesNotMatch' });
    const body = signedBody(example.chunks);
    body[200] = 'b'.charCodeAt(0); // a changed payload byte
    await assert.rejects(decode(body, 4096, 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD'), { code: 'SignatureDoesNotMatch' });
  });

  it('refuses a body cut short', async () => {
    const body = signedBody(example.chunks);
    await assert.rejects(decode(body.subarray(0, body.length - 30), 4096, 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD'), { code: 'IncompleteBody' });
  });

  it('decodes unsigned chunks with a trailing checksum', async () => {
    const body = Buffer.from('5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n');
    for (const pieceSize of [1, 3, 100]) {
      const { payload, trailers } = await decode(body, pieceSize, 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', false);
      assert.equal(payload.toString(), 'hello world');
      assert.deepEqual(trailers, { 'x-amz-checksum-crc32': 'DUoRhQ==' });
    }
  });

  it('refuses a malformed chunk header', async () => {
    await assert.rejects(decode(Buffer.from('zz\r\nhello\r\n0\r\n\r\n'), 100, 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', false), { code: 'IncompleteBody' });
  });
});
