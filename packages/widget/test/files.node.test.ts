// Table tests of lib/files.ts: the pure rules about sizes, types, part plans and download names.
import assert from 'node:assert/strict';
import { parseSize } from '../src/lib/sizes.js';
import { describe, it } from 'node:test';
import {
  backoffMs,
  attachmentDisposition,
  checkFile,
  contentTypeOf,
  extensionOf,
  MAX_OBJECT_SIZE,
  MAX_PART_SIZE,
  MAX_PARTS,
  MIN_PART_SIZE,
  planParts,
  sniffType,
} from '../src/lib/files.js';

const MiB = 1024 ** 2;

describe('sizes', () => {
  const sizes: [string | number | undefined, number | undefined][] = [
    [undefined, undefined],
    ['', undefined],
    ['1024', 1024],
    [2048, 2048],
    [0, undefined],
    ['10MB', 10 * MiB],
    ['1.5 GB', 1.5 * 1024 * MiB],
    ['20 kib', 20 * 1024],
    ['ten', undefined],
    ['-5MB', undefined],
  ];
  for (const [input, expected] of sizes) it(`parseSize(${JSON.stringify(input)}) is ${expected}`, () => assert.equal(parseSize(input), expected));

});

describe('types: sniffing, extensions and refusals', () => {
  const bytes = (...values: number[]) => new Uint8Array([...values, ...new Array(16).fill(0)].slice(0, 16));
  const PNG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
  const JPEG = bytes(0xff, 0xd8, 0xff, 0xe0);
  const PDF = bytes(0x25, 0x50, 0x44, 0x46, 0x2d, 0x31);
  const WEBP = bytes(0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50);
  const TEXT = new TextEncoder().encode('hello, world!!!!');

  it('recognises signatures, and nothing in plain text', () => {
    assert.equal(sniffType(PNG), 'image/png');
    assert.equal(sniffType(JPEG), 'image/jpeg');
    assert.equal(sniffType(PDF), 'application/pdf');
    assert.equal(sniffType(WEBP), 'image/webp');
    assert.equal(sniffType(TEXT), undefined);
    assert.equal(sniffType(new Uint8Array([0x89])), undefined, 'too short to tell');
  });

  it('takes the browser type, else the extension, else generic binary', () => {
    assert.equal(extensionOf('A.Photo.JPEG'), 'jpeg');
    assert.equal(extensionOf('.bashrc'), '');
    assert.equal(contentTypeOf('a.pdf', ''), 'application/pdf');
    assert.equal(contentTypeOf('a.pdf', 'application/x-custom'), 'application/x-custom');
    assert.equal(contentTypeOf('a.unknown', ''), 'application/octet-stream');
  });

  const file = (name: string, size = 100, type = '') => ({ name, size, type });
  const refusals: [string, ReturnType<typeof file>, Uint8Array, { accept?: string; maxFileSize?: number }, string | undefined][] = [
    ['a PNG that is a PNG', file('a.png', 100, 'image/png'), PNG, {}, undefined],
    ['an empty file', file('a.png', 0, 'image/png'), PNG, {}, 'empty-file'],
    ['a file over the limit', file('a.png', 11), PNG, { maxFileSize: 10 }, 'too-large'],
    ['a file exactly at the limit', file('a.png', 10, 'image/png'), PNG, { maxFileSize: 10 }, undefined],
    ['a PDF when only images are accepted', file('a.pdf', 100, 'application/pdf'), PDF, { accept: 'image/*' }, 'type-not-accepted'],
    ['a PDF by extension', file('a.pdf'), PDF, { accept: 'image/*, .pdf' }, undefined],
    ['a PDF renamed .png', file('a.png', 100, 'image/png'), PDF, {}, 'content-mismatch'],
    ['a PDF renamed .txt when only text is accepted', file('a.txt', 100, 'text/plain'), PDF, { accept: '.txt' }, 'content-mismatch'],
    ['text named .jpg', file('a.jpg', 100, 'image/jpeg'), TEXT, {}, 'content-mismatch'],
    ['text named .txt', file('a.txt', 100, 'text/plain'), TEXT, { accept: 'text/*' }, undefined],
    ['a JPEG claimed as image/png', file('a.png', 100, 'image/png'), JPEG, {}, 'content-mismatch'],
  ];
  for (const [what, candidate, head, limits, expected] of refusals) {
    it(`${what}: ${expected ?? 'accepted'}`, () => assert.equal(checkFile(candidate, head, limits)?.code, expected));
  }
});

describe('part plans', () => {
  const check = (size: number, preferred: number) => {
    const parts = planParts(size, preferred);
    assert.ok(parts.length <= MAX_PARTS, `${parts.length} parts`);
    assert.equal(parts[0]!.start, 0);
    assert.equal(parts.at(-1)!.end, size);
    for (const [i, part] of parts.entries()) {
      assert.equal(part.partNumber, i + 1);
      if (i > 0) assert.equal(part.start, parts[i - 1]!.end, 'contiguous');
      if (i < parts.length - 1) assert.ok(part.end - part.start >= MIN_PART_SIZE, 'every part but the last is at least 5 MiB');
      assert.ok(part.end - part.start <= MAX_PART_SIZE, 'no part over 5 GiB');
    }
    return parts;
  };

  it('cuts a file into parts of the preferred size, the last one shorter', () => {
    const parts = check(20 * MiB + 3, 8 * MiB);
    assert.deepEqual(parts.map((p) => p.end - p.start), [8 * MiB, 8 * MiB, 4 * MiB + 3]);
  });

  it('never plans parts under S3\'s 5 MiB minimum', () => {
    assert.equal(check(12 * MiB, 1 * MiB)[0]!.end, 5 * MiB);
  });

  it('holds S3\'s limits as it knows them: parts of 5 MiB to 5 GiB, 10,000 of them, objects to 5 TiB', () => {
    assert.deepEqual([MIN_PART_SIZE, MAX_PART_SIZE, MAX_PARTS, MAX_OBJECT_SIZE], [5 * MiB, 5 * 1024 * MiB, 10_000, 5 * 1024 ** 4]);
  });

  it('uses exactly 10,000 parts at the edge, and grows the part size one byte later', () => {
    assert.equal(check(MAX_PARTS * 8 * MiB, 8 * MiB).length, MAX_PARTS);
    const over = check(MAX_PARTS * 8 * MiB + 1, 8 * MiB);
    assert.equal(over[0]!.end, 16 * MiB);
    assert.equal(over.length, 5_001);
  });

  it('plans a 6 GiB file in 768 parts of 8 MiB', () => {
    const parts = check(6 * 1024 * MiB, 8 * MiB);
    assert.equal(parts.length, 768);
    assert.ok(parts.every((p) => p.end - p.start === 8 * MiB));
  });

  it('plans S3\'s largest object, 5 TiB, within 10,000 parts of at most 5 GiB; one byte more is refused before upload', () => {
    const parts = check(MAX_OBJECT_SIZE, 8 * MiB);
    assert.equal(parts[0]!.end, 1024 * MiB);
    assert.equal(parts.length, 5_120);
    assert.throws(() => planParts(MAX_OBJECT_SIZE + 1, 8 * MiB), RangeError);
    assert.deepEqual(checkFile({ name: 'huge.bin', size: MAX_OBJECT_SIZE + 1, type: 'application/octet-stream' }, new Uint8Array(16), {}), { code: 'too-large', limit: MAX_OBJECT_SIZE });
    assert.equal(checkFile({ name: 'huge.bin', size: MAX_OBJECT_SIZE, type: 'application/octet-stream' }, new Uint8Array(16), {}), undefined);
  });
});

describe('download names', () => {
  const cases: [string, string][] = [
    ['photo.png', 'attachment; filename="photo.png"; filename*=UTF-8\'\'photo.png'],
    ['Grüße "2026".pdf', 'attachment; filename="Grue _2026_.pdf"; filename*=UTF-8\'\'Gr%C3%BC%C3%9Fe%20%222026%22.pdf'],
    ['日本.txt', 'attachment; filename=".txt"; filename*=UTF-8\'\'%E6%97%A5%E6%9C%AC.txt'],
    ["it's (1).txt", 'attachment; filename="it\'s (1).txt"; filename*=UTF-8\'\'it%27s%20%281%29.txt'],
  ];
  for (const [name, expected] of cases) it(`attachmentDisposition(${JSON.stringify(name)})`, () => assert.equal(attachmentDisposition(name), expected));
});

describe('backoffMs', () => {
  it('doubles from 1 s up to 16 s, each wait in the upper half of its ceiling', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 9].map((attempt) => backoffMs(attempt, () => 1)), [1000, 2000, 4000, 8000, 16000, 16000, 16000]);
    assert.deepEqual([1, 2, 5].map((attempt) => backoffMs(attempt, () => 0)), [500, 1000, 8000]);
    for (let i = 0; i < 200; i++) {
      const wait = backoffMs(3);
      assert.ok(wait >= 2000 && wait <= 4000, String(wait));
    }
  });
});
