// Every byte verified, in real Chromium against the real local backend: each file and part
// carries a CRC-32C computed off the main thread, S3 (the local backend) refuses bytes damaged
// on the way, the element sends them again, and a large file completes only when the whole
// object's CRC-32C matches the one the element combined.
import { expect } from '@open-wc/testing';
import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, UploadPartCommand } from '@aws-sdk/client-s3';
import '../src/secure-uploader.js';
import type { SecureUploaderElement } from '../src/secure-uploader.js';
import { $, backendConfig, clearFaults, dropFiles, injectFault, mount, record, recordRequests, signUpAndIn, uniqueEmail, userS3, waitFor, type BackendConfig } from './helpers.js';
import { elementFixture } from './setup-errors.js';
import { referenceCrc32c } from './reference-crc.js';

const MiB = 1024 * 1024;

const base64Crc = (crc: number) => btoa(String.fromCharCode(crc >>> 24, (crc >>> 16) & 0xff, (crc >>> 8) & 0xff, crc & 0xff));

/** Bytes that differ everywhere (so a flipped byte anywhere changes the file). */
function noise(size: number, seed: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

const sha256 = async (bytes: BufferSource) => btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))));

describe('<secure-uploader> verifies every byte', () => {
  const fixture = elementFixture<SecureUploaderElement>();

  it('sends a part and a small file again when the server finds a byte damaged on the way; the stored objects are byte-identical and carry the CRC-32C the event gives', async () => {
    const config = await backendConfig();
    const el = (fixture.el = await mount({ 'auto-upload': '' }));
    const events = record(el, ['su-upload-success', 'su-upload-error']);
    await signUpAndIn(el);
    const bigBytes = noise(20 * MiB + 5, 1);
    const smallBytes = noise(300_000, 2);
    const big = new File([bigBytes], 'field-recording.bin', { type: 'application/octet-stream' });
    const small = new File([smallBytes], 'notes.bin', { type: 'application/octet-stream' });
    // One byte of part 2 and one of the small file's PUT inverted as they arrive, once each.
    await injectFault(config, { match: { method: 'PUT', path: 'partNumber=2' }, flipByteAt: 1_000_003 });
    await injectFault(config, { match: { method: 'PUT', path: 'notes.bin' }, flipByteAt: 77 });
    const requests = recordRequests();
    let saidDamaged = false;
    const watcher = setInterval(() => (saidDamaged ||= /Some bytes arrived damaged; sending them again/.test($(el, '[part~="queue"]')?.textContent ?? '')), 20);
    try {
      dropFiles(el, [big, small]);
      await waitFor(() => events.filter((e) => e.type === 'su-upload-success').length === 2 || events.find((e) => e.type === 'su-upload-error'), 'both uploads', 60_000);
    } finally {
      clearInterval(watcher);
      requests.stop();
      await clearFaults(config);
    }
    expect(events.filter((e) => e.type === 'su-upload-error')).to.deep.equal([]);
    expect(saidDamaged, 'the item said why it sends again').to.equal(true);
    expect(requests.seen.filter((r) => r.method === 'PUT' && r.url.searchParams.get('partNumber') === '2')).to.have.length(2, 'part 2 sent twice');
    expect(requests.seen.filter((r) => r.method === 'PUT' && r.url.pathname.endsWith('notes.bin'))).to.have.length(2, 'the small file sent twice');

    const { s3 } = await userS3(config);
    for (const [file, bytes] of [[big, bigBytes], [small, smallBytes]] as const) {
      const success = events.find((e) => e.type === 'su-upload-success' && e.detail.name === file.name)!.detail;
      const expected = base64Crc(referenceCrc32c(bytes));
      expect(success.crc32c).to.equal(expected, `${file.name}: the event's CRC-32C is the file's`);
      const head = await s3.send(new HeadObjectCommand({ Bucket: config.bucket, Key: String(success.key), ChecksumMode: 'ENABLED' }));
      expect(head.ChecksumCRC32C).to.equal(expected, `${file.name}: stored with its CRC-32C`);
      expect(head.ChecksumType).to.equal('FULL_OBJECT');
      const stored = await (await s3.send(new GetObjectCommand({ Bucket: config.bucket, Key: String(success.key) }))).Body!.transformToByteArray();
      expect(await sha256(stored as Uint8Array<ArrayBuffer>)).to.equal(await sha256(bytes), `${file.name}: byte-identical`);
    }
  });

  it('completes a multipart upload only when the whole object has the CRC-32C sent with the completion', async () => {
    const config = await backendConfig();
    const el = (fixture.el = await mount());
    await signUpAndIn(el);
    const { s3, identityId } = await userS3(config);
    const Key = `private/${identityId}/whole-checked.bin`;
    const parts = [noise(5 * MiB, 3), noise(1234, 4)];
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: config.bucket, Key, ChecksumAlgorithm: 'CRC32C', ChecksumType: 'FULL_OBJECT' }));
    const uploaded: { ETag?: string; ChecksumCRC32C?: string }[] = [];
    for (const [i, Body] of parts.entries()) {
      uploaded.push(await s3.send(new UploadPartCommand({ Bucket: config.bucket, Key, UploadId, PartNumber: i + 1, Body, ChecksumCRC32C: base64Crc(referenceCrc32c(Body)) })));
    }
    const whole = new Uint8Array([...parts[0]!, ...parts[1]!]);
    const complete = (ChecksumCRC32C: string) =>
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: config.bucket,
          Key,
          UploadId,
          ChecksumType: 'FULL_OBJECT',
          ChecksumCRC32C,
          MultipartUpload: { Parts: uploaded.map((p, i) => ({ PartNumber: i + 1, ETag: p.ETag, ChecksumCRC32C: p.ChecksumCRC32C })) },
        }),
      );
    const wrong = await complete(base64Crc(referenceCrc32c(whole.subarray(1)))).catch((error: Error) => error);
    expect((wrong as Error).name).to.equal('BadDigest');
    expect((await s3.send(new ListObjectsV2Command({ Bucket: config.bucket, Prefix: Key }))).KeyCount).to.equal(0, 'nothing completed');
    const done = await complete(base64Crc(referenceCrc32c(whole)));
    expect(done.ChecksumCRC32C).to.equal(base64Crc(referenceCrc32c(whole)));
  });

  it('uploads 1 GiB with checksums on every part, and S3 verifies the whole file\'s', async () => {
    // A backend with S3's own size limits (the main one's are small enough for the limit tests to reach).
    const config = (await (await fetch('/_test/config-large-files.json')).json()) as BackendConfig;
    const el = (fixture.el = await mount({ 'auto-upload': '', config: '/_test/config-large-files.json' }));
    const events = record(el, ['su-upload-success', 'su-upload-error']);
    await signUpAndIn(el, uniqueEmail('large'), config);
    // 1 GiB from 16 different MiB, so no two neighbouring parts are alike; slices copy nothing.
    const pieces = Array.from({ length: 16 }, (_, i) => noise(MiB, 100 + i));
    const file = new File(Array.from({ length: 1024 }, (_, i) => pieces[(i * 7) % 16]!), 'one-gibibyte.bin', { type: 'application/octet-stream' });
    dropFiles(el, [file]);
    const outcome = await waitFor(() => events.find((e) => e.type === 'su-upload-success' || e.type === 'su-upload-error'), 'the 1 GiB upload', 170_000);
    expect(outcome.type, JSON.stringify(outcome.detail)).to.equal('su-upload-success');
    expect(outcome.detail.crc32c).to.match(/^[A-Za-z0-9+/]{6}==$/);
    const { s3 } = await userS3(config);
    const head = await s3.send(new HeadObjectCommand({ Bucket: config.bucket, Key: String(outcome.detail.key), ChecksumMode: 'ENABLED' }));
    expect(head.ContentLength).to.equal(1024 * MiB);
    expect(head.ChecksumCRC32C).to.equal(outcome.detail.crc32c, 'the whole file\'s CRC-32C, combined from the parts by the backend and by the element, agree');
    expect(head.ETag).to.match(/-128"$/, '128 parts of 8 MiB');
  }).timeout(180_000);
});
