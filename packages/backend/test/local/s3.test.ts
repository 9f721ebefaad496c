import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createHash } from 'node:crypto';
import { base64Crc, CRC_POLYS, credentialsFor, newUserWithS3, referenceCrc, s3Client, startTestBackend, type TestBackend } from './harness.js';

const MiB = 1024 * 1024;
const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');
const bytes = (size: number, seed = 1) => {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + seed * 7) & 0xff;
  return out;
};
const errorName = (error: unknown) => (error as { name?: string }).name;
const bodyOf = async (client: S3Client, Bucket: string, Key: string, Range?: string) =>
  Buffer.from(await (await client.send(new GetObjectCommand({ Bucket, Key, Range }))).Body!.transformToByteArray());

describe('local S3 with identity-pool credentials, driven by @aws-sdk/client-s3', () => {
  let t: TestBackend;
  let alice: Awaited<ReturnType<typeof newUserWithS3>>;
  let bob: Awaited<ReturnType<typeof newUserWithS3>>;
  let Bucket: string;
  const own = () => `private/${alice.credentials.identityId}/`;

  before(async () => {
    t = await startTestBackend();
    Bucket = t.backend.config.bucket;
    alice = await newUserWithS3(t.backend, 'alice');
    bob = await newUserWithS3(t.backend, 'bob');
  });
  after(() => t.stop());

  it('gives each user one stable identity id of the form region:uuid', async () => {
    assert.match(alice.credentials.identityId, /^us-east-1:[0-9a-f-]{36}$/);
    assert.notEqual(alice.credentials.identityId, bob.credentials.identityId);
    const again = await credentialsFor(t.backend, alice.session.getIdToken().getJwtToken());
    assert.equal(again.identityId, alice.credentials.identityId);
    assert.notEqual(again.accessKeyId, alice.credentials.accessKeyId);
    assert.ok(again.expiration.getTime() > Date.now() + 50 * 60_000);
  });

  it('puts, heads, gets (whole and ranges) and deletes an object with its headers and metadata', async () => {
    const Key = `${own()}docs/report final.pdf`;
    const data = bytes(100_000);
    const put = await alice.s3.send(
      new PutObjectCommand({ Bucket, Key, Body: data, ContentType: 'application/pdf', ContentDisposition: 'attachment; filename="report final.pdf"', Metadata: { 'original-name': 'report%20final.pdf' } }),
    );
    assert.equal(put.ETag, `"${md5(data)}"`);
    const head = await alice.s3.send(new HeadObjectCommand({ Bucket, Key }));
    assert.equal(head.ContentLength, data.length);
    assert.equal(head.ContentType, 'application/pdf');
    assert.equal(head.ContentDisposition, 'attachment; filename="report final.pdf"');
    assert.deepEqual(head.Metadata, { 'original-name': 'report%20final.pdf' });
    assert.ok(head.LastModified instanceof Date);
    assert.deepEqual(await bodyOf(alice.s3, Bucket, Key), data);
    assert.deepEqual(await bodyOf(alice.s3, Bucket, Key, 'bytes=10-19'), data.subarray(10, 20));
    assert.deepEqual(await bodyOf(alice.s3, Bucket, Key, 'bytes=-5'), data.subarray(-5));
    assert.deepEqual(await bodyOf(alice.s3, Bucket, Key, 'bytes=99990-'), data.subarray(99990));
    await assert.rejects(bodyOf(alice.s3, Bucket, Key, 'bytes=200000-'), (e) => errorName(e) === 'InvalidRange');
    await alice.s3.send(new DeleteObjectCommand({ Bucket, Key }));
    // A caller who may not list the bucket without a prefix gets 403 for a missing key, as on S3.
    await assert.rejects(alice.s3.send(new HeadObjectCommand({ Bucket, Key })), (e) => (e as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode === 403);
  });

  it('keeps exact bytes of streamed (aws-chunked, trailing CRC32) and checksummed uploads', async () => {
    const data = bytes(3 * MiB + 17, 3);
    const Key = `${own()}streamed.bin`;
    await alice.s3.send(new PutObjectCommand({ Bucket, Key, Body: Readable.from([data.subarray(0, MiB), data.subarray(MiB)]), ContentLength: data.length }));
    assert.equal(md5(await bodyOf(alice.s3, Bucket, Key)), md5(data));
    for (const ChecksumAlgorithm of ['CRC32', 'CRC32C', 'SHA1', 'SHA256'] as const) {
      const put = await alice.s3.send(new PutObjectCommand({ Bucket, Key: `${own()}sum-${ChecksumAlgorithm}`, Body: data.subarray(0, 1000), ChecksumAlgorithm }));
      assert.ok(put[`Checksum${ChecksumAlgorithm}`], `${ChecksumAlgorithm} echoed`);
      // A single PUT's checksum covers the whole object; S3 says so in the PUT's answer too.
      assert.equal(put.ChecksumType, 'FULL_OBJECT');
      const got = await alice.s3.send(new GetObjectCommand({ Bucket, Key: `${own()}sum-${ChecksumAlgorithm}`, ChecksumMode: 'ENABLED' }));
      assert.equal(got[`Checksum${ChecksumAlgorithm}`], put[`Checksum${ChecksumAlgorithm}`]);
      await got.Body!.transformToByteArray();
    }
  });

  it('refuses a body that does not match its Content-MD5 or checksum, and stores nothing', async () => {
    const Key = `${own()}bad-digest.txt`;
    await assert.rejects(alice.s3.send(new PutObjectCommand({ Bucket, Key, Body: 'hello', ContentMD5: Buffer.alloc(16).toString('base64') })), (e) => errorName(e) === 'BadDigest');
    await assert.rejects(alice.s3.send(new PutObjectCommand({ Bucket, Key, Body: 'hello', ChecksumCRC32: 'AAAAAA==' })), (e) => errorName(e) === 'BadDigest');
    const listed = await alice.s3.send(new ListObjectsV2Command({ Bucket, Prefix: Key }));
    assert.equal(listed.KeyCount, 0);
  });

  it('lists its own prefix with delimiter and continuation', async () => {
    const base = `${own()}list/`;
    for (const name of ['a.txt', 'b.txt', 'c/1.txt', 'c/2.txt', 'd.txt', 'é.txt']) await alice.s3.send(new PutObjectCommand({ Bucket, Key: base + name, Body: name }));
    const top = await alice.s3.send(new ListObjectsV2Command({ Bucket, Prefix: base, Delimiter: '/' }));
    assert.deepEqual(top.Contents?.map((o) => o.Key), ['a.txt', 'b.txt', 'd.txt', 'é.txt'].map((n) => base + n));
    assert.deepEqual(top.CommonPrefixes?.map((p) => p.Prefix), [`${base}c/`]);
    const seen: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await alice.s3.send(new ListObjectsV2Command({ Bucket, Prefix: base, MaxKeys: 2, ContinuationToken }));
      seen.push(...(page.Contents ?? []).map((o) => o.Key!));
      ContinuationToken = page.NextContinuationToken;
      if (ContinuationToken) assert.equal(page.IsTruncated, true);
    } while (ContinuationToken);
    assert.deepEqual(seen, ['a.txt', 'b.txt', 'c/1.txt', 'c/2.txt', 'd.txt', 'é.txt'].map((n) => base + n));
  });

  it('uploads by multipart with S3\'s ETag, lists parts, aborts, and checks part rules', async () => {
    const Key = `${own()}big.bin`;
    const parts = [bytes(5 * MiB, 1), bytes(5 * MiB, 2), bytes(1234, 3)];
    const { UploadId } = await alice.s3.send(new CreateMultipartUploadCommand({ Bucket, Key, ContentType: 'application/octet-stream', Metadata: { 'original-name': 'big.bin' } }));
    const etags: string[] = [];
    for (const [i, Body] of parts.entries()) etags.push((await alice.s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: i + 1, Body }))).ETag!);
    const listed = await alice.s3.send(new ListPartsCommand({ Bucket, Key, UploadId }));
    assert.deepEqual(listed.Parts?.map((p) => [p.PartNumber, p.ETag, p.Size]), parts.map((p, i) => [i + 1, etags[i], p.length]));
    await assert.rejects(
      alice.s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 2, ETag: etags[1] }, { PartNumber: 1, ETag: etags[0] }] } })),
      (e) => errorName(e) === 'InvalidPartOrder',
    );
    await assert.rejects(
      alice.s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"0000"' }] } })),
      (e) => errorName(e) === 'InvalidPart',
    );
    await assert.rejects(
      alice.s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 3, ETag: etags[2] }, { PartNumber: 4, ETag: etags[2] }] } })),
      (e) => errorName(e) === 'InvalidPart',
    );
    const small = await alice.s3.send(new CreateMultipartUploadCommand({ Bucket, Key: `${own()}small.bin` }));
    const p1 = await alice.s3.send(new UploadPartCommand({ Bucket, Key: `${own()}small.bin`, UploadId: small.UploadId, PartNumber: 1, Body: bytes(100) }));
    const p2 = await alice.s3.send(new UploadPartCommand({ Bucket, Key: `${own()}small.bin`, UploadId: small.UploadId, PartNumber: 2, Body: bytes(100) }));
    await assert.rejects(
      alice.s3.send(new CompleteMultipartUploadCommand({ Bucket, Key: `${own()}small.bin`, UploadId: small.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }] } })),
      (e) => errorName(e) === 'EntityTooSmall',
    );
    await alice.s3.send(new AbortMultipartUploadCommand({ Bucket, Key: `${own()}small.bin`, UploadId: small.UploadId }));
    await assert.rejects(alice.s3.send(new ListPartsCommand({ Bucket, Key: `${own()}small.bin`, UploadId: small.UploadId })), (e) => errorName(e) === 'NoSuchUpload');

    const done = await alice.s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: etags.map((ETag, i) => ({ PartNumber: i + 1, ETag })) } }));
    const expectedEtag = `"${createHash('md5').update(Buffer.concat(etags.map((e) => Buffer.from(e.replace(/"/g, ''), 'hex')))).digest('hex')}-3"`;
    assert.equal(done.ETag, expectedEtag);
    const whole = Buffer.concat(parts);
    assert.equal(md5(await bodyOf(alice.s3, Bucket, Key)), md5(whole));
    const head = await alice.s3.send(new HeadObjectCommand({ Bucket, Key }));
    assert.equal(head.ContentType, 'application/octet-stream');
    assert.deepEqual(head.Metadata, { 'original-name': 'big.bin' });
    await assert.rejects(alice.s3.send(new ListPartsCommand({ Bucket, Key, UploadId })), (e) => errorName(e) === 'NoSuchUpload');
  });

  it('verifies multipart checksums as S3 does: each part\'s, the full object\'s CRC32C at completion (BadDigest when wrong), composite SHA-256', async () => {
    const Key = `${own()}checked.bin`;
    const parts = [bytes(5 * MiB, 4), bytes(5 * MiB + 3, 5), bytes(777, 6)];
    const whole = Buffer.concat(parts);
    const created = await alice.s3.send(new CreateMultipartUploadCommand({ Bucket, Key, ChecksumAlgorithm: 'CRC32C', ChecksumType: 'FULL_OBJECT' }));
    assert.equal(created.ChecksumAlgorithm, 'CRC32C');
    assert.equal(created.ChecksumType, 'FULL_OBJECT');
    const UploadId = created.UploadId!;
    // The SDK computes each part's CRC32C itself (its own implementation, not the backend's).
    const uploaded = [];
    for (const [i, Body] of parts.entries()) uploaded.push(await alice.s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: i + 1, Body, ChecksumAlgorithm: 'CRC32C' })));
    assert.ok(uploaded.every((p) => p.ChecksumCRC32C), 'each part\'s checksum echoed');
    await assert.rejects(
      alice.s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 4, Body: bytes(10), ChecksumAlgorithm: 'CRC32' })),
      (e) => errorName(e) === 'InvalidRequest' && /expected checksum Type: crc32c, actual checksum Type: crc32/.test((e as Error).message),
    );
    const listed = await alice.s3.send(new ListPartsCommand({ Bucket, Key, UploadId }));
    assert.deepEqual(listed.Parts?.map((p) => p.ChecksumCRC32C), uploaded.map((p) => p.ChecksumCRC32C));
    assert.equal(listed.ChecksumType, 'FULL_OBJECT');

    const Parts = uploaded.map((p, i) => ({ PartNumber: i + 1, ETag: p.ETag, ChecksumCRC32C: p.ChecksumCRC32C }));
    const expected = base64Crc(referenceCrc(CRC_POLYS.CRC32C, whole));
    const complete = (ChecksumCRC32C: string, parts = Parts) =>
      alice.s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, ChecksumType: 'FULL_OBJECT', ChecksumCRC32C, MultipartUpload: { Parts: parts } }));
    await assert.rejects(complete(base64Crc(referenceCrc(CRC_POLYS.CRC32C, whole) ^ 0x100)), (e) => errorName(e) === 'BadDigest');
    await assert.rejects(complete(expected, Parts.map((p, i) => (i === 1 ? { ...p, ChecksumCRC32C: Parts[0]!.ChecksumCRC32C } : p))), (e) => errorName(e) === 'InvalidPart');
    const done = await complete(expected);
    assert.equal(done.ChecksumCRC32C, expected);
    assert.equal(done.ChecksumType, 'FULL_OBJECT');
    const head = await alice.s3.send(new HeadObjectCommand({ Bucket, Key, ChecksumMode: 'ENABLED' }));
    assert.equal(head.ChecksumCRC32C, expected);
    assert.equal(head.ChecksumType, 'FULL_OBJECT');
    assert.equal(md5(await bodyOf(alice.s3, Bucket, Key)), md5(whole));

    // Composite: a SHA-256 upload's parts must be named with their checksums, and the object's is the checksum of theirs.
    const shaKey = `${own()}composite.bin`;
    const sha = await alice.s3.send(new CreateMultipartUploadCommand({ Bucket, Key: shaKey, ChecksumAlgorithm: 'SHA256' }));
    assert.equal(sha.ChecksumType, 'COMPOSITE');
    await assert.rejects(
      alice.s3.send(new UploadPartCommand({ Bucket, Key: shaKey, UploadId: sha.UploadId, PartNumber: 1, Body: parts[2] })),
      (e) => errorName(e) === 'InvalidRequest',
      'a part of a composite upload without its checksum',
    );
    const shaPart = await alice.s3.send(new UploadPartCommand({ Bucket, Key: shaKey, UploadId: sha.UploadId, PartNumber: 1, Body: parts[2], ChecksumAlgorithm: 'SHA256' }));
    await assert.rejects(
      alice.s3.send(new CompleteMultipartUploadCommand({ Bucket, Key: shaKey, UploadId: sha.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: shaPart.ETag }] } })),
      (e) => errorName(e) === 'InvalidRequest' && /missing for part 1/.test((e as Error).message),
    );
    const shaDone = await alice.s3.send(
      new CompleteMultipartUploadCommand({ Bucket, Key: shaKey, UploadId: sha.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: shaPart.ETag, ChecksumSHA256: shaPart.ChecksumSHA256 }] } }),
    );
    assert.equal(shaDone.ChecksumSHA256, `${createHash('sha256').update(Buffer.from(shaPart.ChecksumSHA256!, 'base64')).digest('base64')}-1`);
    assert.equal(shaDone.ChecksumType, 'COMPOSITE');
  });

  it('refuses what the stack does not grant: ListMultipartUploads, listing without a prefix', async () => {
    await assert.rejects(alice.s3.send(new ListMultipartUploadsCommand({ Bucket, Prefix: own() })), (e) => errorName(e) === 'AccessDenied');
    await assert.rejects(alice.s3.send(new ListObjectsV2Command({ Bucket })), (e) => errorName(e) === 'AccessDenied');
    await assert.rejects(alice.s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'private/' })), (e) => errorName(e) === 'AccessDenied');
  });

  it('presigns a GET that downloads under the original name', async () => {
    const Key = `${own()}photo-123.jpg`;
    await alice.s3.send(new PutObjectCommand({ Bucket, Key, Body: 'jpeg bytes', ContentType: 'image/jpeg' }));
    const url = await getSignedUrl(alice.s3, new GetObjectCommand({ Bucket, Key, ResponseContentDisposition: 'attachment; filename="Été à Paris.jpg"; filename*=UTF-8\'\'%C3%89t%C3%A9%20%C3%A0%20Paris.jpg' }), { expiresIn: 60 });
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'jpeg bytes');
    assert.equal(response.headers.get('content-type'), 'image/jpeg');
    assert.match(response.headers.get('content-disposition')!, /filename\*=UTF-8''%C3%89t%C3%A9%20%C3%A0%20Paris\.jpg/);
    const tampered = url.replace('photo-123', 'photo-124');
    assert.equal((await fetch(tampered)).status, 403);
  });

  it('copies an object within the caller\'s prefix', async () => {
    await alice.s3.send(new PutObjectCommand({ Bucket, Key: `${own()}orig.txt`, Body: 'copy me', ContentType: 'text/plain' }));
    await alice.s3.send(new CopyObjectCommand({ Bucket, Key: `${own()}copy.txt`, CopySource: `${Bucket}/${own()}orig.txt` }));
    assert.equal((await bodyOf(alice.s3, Bucket, `${own()}copy.txt`)).toString(), 'copy me');
  });

  describe('another identity', () => {
    it('can do nothing on the first user\'s private prefix', async () => {
      const Key = `${own()}secret.txt`;
      await alice.s3.send(new PutObjectCommand({ Bucket, Key, Body: 'secret' }));
      const { UploadId } = await alice.s3.send(new CreateMultipartUploadCommand({ Bucket, Key: `${own()}mp.bin` }));
      const attempts: [string, () => Promise<unknown>][] = [
        ['GetObject', () => bob.s3.send(new GetObjectCommand({ Bucket, Key }))],
        ['HeadObject', () => bob.s3.send(new HeadObjectCommand({ Bucket, Key }))],
        ['PutObject', () => bob.s3.send(new PutObjectCommand({ Bucket, Key, Body: 'overwrite' }))],
        ['DeleteObject', () => bob.s3.send(new DeleteObjectCommand({ Bucket, Key }))],
        ['ListObjectsV2', () => bob.s3.send(new ListObjectsV2Command({ Bucket, Prefix: own() }))],
        ['CopyObject out', () => bob.s3.send(new CopyObjectCommand({ Bucket, Key: `private/${bob.credentials.identityId}/stolen`, CopySource: `${Bucket}/${Key}` }))],
        ['CreateMultipartUpload', () => bob.s3.send(new CreateMultipartUploadCommand({ Bucket, Key: `${own()}x` }))],
        ['UploadPart', () => bob.s3.send(new UploadPartCommand({ Bucket, Key: `${own()}mp.bin`, UploadId, PartNumber: 1, Body: 'x' }))],
        ['ListParts', () => bob.s3.send(new ListPartsCommand({ Bucket, Key: `${own()}mp.bin`, UploadId }))],
        ['CompleteMultipartUpload', () => bob.s3.send(new CompleteMultipartUploadCommand({ Bucket, Key: `${own()}mp.bin`, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"x"' }] } }))],
        ['AbortMultipartUpload', () => bob.s3.send(new AbortMultipartUploadCommand({ Bucket, Key: `${own()}mp.bin`, UploadId }))],
      ];
      for (const [name, attempt] of attempts) {
        await assert.rejects(attempt(), (e) => {
          const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
          return (errorName(e) === 'AccessDenied' || status === 403) && status === 403;
        }, name);
      }
      assert.equal((await bodyOf(alice.s3, Bucket, Key)).toString(), 'secret', 'nothing was overwritten');
      await alice.s3.send(new ListPartsCommand({ Bucket, Key: `${own()}mp.bin`, UploadId }));
      assert.ok(t.log.some((line) => /AccessDenied for authenticated identity .*no statement allows s3:GetObject/.test(line)), 'the log says why');
    });

    it('reads the first user\'s protected files by key but cannot list or change them', async () => {
      const protectedKey = `protected/${alice.credentials.identityId}/avatar.png`;
      await alice.s3.send(new PutObjectCommand({ Bucket, Key: protectedKey, Body: 'avatar' }));
      assert.equal((await bodyOf(bob.s3, Bucket, protectedKey)).toString(), 'avatar');
      await assert.rejects(bob.s3.send(new ListObjectsV2Command({ Bucket, Prefix: `protected/${alice.credentials.identityId}/` })), (e) => errorName(e) === 'AccessDenied');
      await assert.rejects(bob.s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'protected/' })), (e) => errorName(e) === 'AccessDenied');
      await assert.rejects(bob.s3.send(new PutObjectCommand({ Bucket, Key: protectedKey, Body: 'x' })), (e) => errorName(e) === 'AccessDenied');
      await assert.rejects(bob.s3.send(new DeleteObjectCommand({ Bucket, Key: protectedKey })), (e) => errorName(e) === 'AccessDenied');
    });

    it('reads and lists the first user\'s public files but cannot overwrite, delete or abort them; nobody writes loose files in public/', async () => {
      const publicKey = `public/${alice.credentials.identityId}/notice.txt`;
      await alice.s3.send(new PutObjectCommand({ Bucket, Key: publicKey, Body: 'hello all' }));
      const { UploadId } = await alice.s3.send(new CreateMultipartUploadCommand({ Bucket, Key: `public/${alice.credentials.identityId}/big.bin` }));
      assert.equal((await bodyOf(bob.s3, Bucket, publicKey)).toString(), 'hello all');
      const listed = await bob.s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'public/', Delimiter: '/' }));
      assert.ok(listed.CommonPrefixes?.some((p) => p.Prefix === `public/${alice.credentials.identityId}/`), 'uploaders\' folders are listed');
      await assert.rejects(bob.s3.send(new PutObjectCommand({ Bucket, Key: publicKey, Body: 'defaced' })), (e) => errorName(e) === 'AccessDenied');
      await assert.rejects(bob.s3.send(new DeleteObjectCommand({ Bucket, Key: publicKey })), (e) => errorName(e) === 'AccessDenied');
      await assert.rejects(bob.s3.send(new AbortMultipartUploadCommand({ Bucket, Key: `public/${alice.credentials.identityId}/big.bin`, UploadId })), (e) => errorName(e) === 'AccessDenied');
      await assert.rejects(bob.s3.send(new PutObjectCommand({ Bucket, Key: 'public/shared.txt', Body: 'x' })), (e) => errorName(e) === 'AccessDenied');
      assert.equal((await bodyOf(alice.s3, Bucket, publicKey)).toString(), 'hello all', 'nothing was overwritten');
      await bob.s3.send(new PutObjectCommand({ Bucket, Key: `public/${bob.credentials.identityId}/mine.txt`, Body: 'mine' }));
    });

    it('may not store in another storage class (a DEEP_ARCHIVE object costs 180 days)', async () => {
      await assert.rejects(alice.s3.send(new PutObjectCommand({ Bucket, Key: `${own()}cold.bin`, Body: 'x', StorageClass: 'DEEP_ARCHIVE' })), (e) => errorName(e) === 'AccessDenied');
      await assert.rejects(alice.s3.send(new CreateMultipartUploadCommand({ Bucket, Key: `${own()}cold.bin`, StorageClass: 'GLACIER' })), (e) => errorName(e) === 'AccessDenied');
      await alice.s3.send(new PutObjectCommand({ Bucket, Key: `${own()}warm.bin`, Body: 'x', StorageClass: 'STANDARD' }));
    });
  });

  it('never lets an unsupported sub-resource reach the object (PUT ?acl, GET ?tagging)', async () => {
    const Key = `${own()}acl-target.txt`;
    await alice.s3.send(new PutObjectCommand({ Bucket, Key, Body: 'keep me' }));
    const { PutObjectAclCommand, GetObjectTaggingCommand } = await import('@aws-sdk/client-s3');
    await assert.rejects(alice.s3.send(new PutObjectAclCommand({ Bucket, Key, ACL: 'public-read' })), (e) => errorName(e) === 'AccessDenied');
    await assert.rejects(alice.s3.send(new GetObjectTaggingCommand({ Bucket, Key })), (e) => errorName(e) === 'AccessDenied');
    assert.equal((await bodyOf(alice.s3, Bucket, Key)).toString(), 'keep me');
  });

  it('refuses a request for another bucket', async () => {
    await assert.rejects(alice.s3.send(new GetObjectCommand({ Bucket: 'someone-elses-bucket', Key: 'x' })), (e) => errorName(e) === 'NoSuchBucket');
  });

  it('refuses guests when the stack does not allow them', async () => {
    await assert.rejects(credentialsFor(t.backend), (e) => errorName(e) === 'NotAuthorizedException');
  });

  it('refuses a forged or foreign id token', async () => {
    const token = alice.session.getIdToken().getJwtToken();
    const [h, p] = token.split('.');
    const forged = `${h}.${p}.${Buffer.from('not a signature').toString('base64url')}`;
    await assert.rejects(credentialsFor(t.backend, forged), (e) => errorName(e) === 'NotAuthorizedException');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const otherAudience = `${h}.${Buffer.from(JSON.stringify({ ...payload, aud: 'other' })).toString('base64url')}.${token.split('.')[2]}`;
    await assert.rejects(credentialsFor(t.backend, otherAudience), (e) => errorName(e) === 'NotAuthorizedException');
  });
});

describe('local S3 for guests, when the stack allows them', () => {
  let t: TestBackend;
  before(async () => {
    t = await startTestBackend({ context: { allowGuests: 'true' } });
  });
  after(() => t.stop());

  it('lets a guest read and list public/ only', async () => {
    const Bucket = t.backend.config.bucket;
    const user = await newUserWithS3(t.backend, 'publisher');
    await user.s3.send(new PutObjectCommand({ Bucket, Key: `public/${user.credentials.identityId}/notice.txt`, Body: 'for everyone' }));
    await user.s3.send(new PutObjectCommand({ Bucket, Key: `protected/${user.credentials.identityId}/p.txt`, Body: 'members' }));
    const guest = await credentialsFor(t.backend);
    assert.match(guest.identityId, /^us-east-1:/);
    const s3 = s3Client(t.backend, guest);
    const notice = `public/${user.credentials.identityId}/notice.txt`;
    assert.equal((await bodyOf(s3, Bucket, notice)).toString(), 'for everyone');
    assert.equal((await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'public/' }))).KeyCount, 1);
    await assert.rejects(s3.send(new PutObjectCommand({ Bucket, Key: 'public/graffiti.txt', Body: 'x' })), (e) => errorName(e) === 'AccessDenied');
    await assert.rejects(s3.send(new PutObjectCommand({ Bucket, Key: `public/${guest.identityId}/graffiti.txt`, Body: 'x' })), (e) => errorName(e) === 'AccessDenied');
    await assert.rejects(s3.send(new DeleteObjectCommand({ Bucket, Key: notice })), (e) => errorName(e) === 'AccessDenied');
    await assert.rejects(s3.send(new GetObjectCommand({ Bucket, Key: `protected/${user.credentials.identityId}/p.txt` })), (e) => errorName(e) === 'AccessDenied');
    await assert.rejects(s3.send(new PutObjectCommand({ Bucket, Key: `private/${guest.identityId}/x`, Body: 'x' })), (e) => errorName(e) === 'AccessDenied');
  });
});
