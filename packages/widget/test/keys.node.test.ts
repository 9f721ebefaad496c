// Table tests of lib/keys.ts: names kept reversibly in keys, ids newest first, preview companions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeSegment, encodeSegment, folderNames, isHiddenFolder, levelPrefix, nameFromKey, normalizeFolder, objectKey, ownerPrefix, previewKey, readKey, SEGMENT_MAX, STORAGE_LAYOUTS, uploadId, visibleName } from '../src/lib/keys.js';

const ID = 'us-east-1:11111111-2222-3333-4444-555555555555';

describe('names in keys', () => {
  const names: [string, string][] = [
    ['photo.png', 'photo.png'],
    ['Ünïcödé façade.JPG', '%C3%9Cn%C3%AFc%C3%B6d%C3%A9%20fa%C3%A7ade.JPG'],
    ['../../etc/passwd', '%2E.%2F..%2Fetc%2Fpasswd'],
    ['.htaccess', '%2Ehtaccess'],
    ['..', '%2E.'],
    ['a  b//c??.pdf', 'a%20%20b%2F%2Fc%3F%3F.pdf'],
    ['日本語.txt', '%E6%97%A5%E6%9C%AC%E8%AA%9E.txt'],
    ["it's (1) ~ok~ *!.txt", 'it%27s%20%281%29%20%7Eok%7E%20%2A%21.txt'],
    ['100%.txt', '100%25.txt'],
    ['Invoice #42 (final).pdf', 'Invoice%20%2342%20%28final%29.pdf'],
    ['', 'file'],
  ];
  for (const [input, expected] of names) {
    it(`encodeSegment(${JSON.stringify(input)}) is ${expected} and reads back`, () => {
      assert.equal(encodeSegment(input), expected);
      if (input) assert.equal(decodeSegment(encodeSegment(input)), input.normalize('NFC'));
    });
  }

  it('uses only S3-safe characters and never starts with a dot', () => {
    for (const [input] of names) assert.match(encodeSegment(input), /^[A-Za-z0-9_%-][A-Za-z0-9._%-]*$/);
  });

  it('keeps long names within the limit, cutting the base and keeping the extension', () => {
    const long = `${'a'.repeat(300)}.png`;
    assert.equal(encodeSegment(long), `${'a'.repeat(SEGMENT_MAX - 4)}.png`);
    const wide = `${'日'.repeat(100)}.jpeg`; // 9 encoded characters each
    const encoded = encodeSegment(wide);
    assert.ok(encoded.length <= SEGMENT_MAX, `${encoded.length}`);
    assert.ok(decodeSegment(encoded).endsWith('日.jpeg'));
    assert.equal(decodeSegment(encodeSegment('😀'.repeat(100))).length % 2, 0, 'no half surrogate pair');
  });

  it('turns lone surrogates into U+FFFD instead of throwing', () => {
    assert.equal(decodeSegment(encodeSegment('a\uD800b.txt')), 'a\uFFFDb.txt');
  });

  it('shows a segment that is not valid percent-encoding as it is', () => {
    assert.equal(decodeSegment('50%off.txt'), '50%off.txt');
  });
});

describe('folders', () => {
  const folders: [string | undefined, string][] = [
    [undefined, ''],
    ['', ''],
    ['invoices/2026', 'invoices/2026/'],
    ['/invoices//2026/', 'invoices/2026/'],
    ['../secret/./x', 'secret/x/'],
    ['Reisekosten März', 'Reisekosten%20M%C3%A4rz/'],
    ['.previews', '%2Epreviews/'],
  ];
  for (const [input, expected] of folders) it(`normalizeFolder(${JSON.stringify(input)}) is ${JSON.stringify(expected)}`, () => assert.equal(normalizeFolder(input), expected));

  it('reads folder names back for breadcrumbs', () => {
    assert.deepEqual(folderNames(normalizeFolder('Reisekosten März/Belege 1')), ['Reisekosten März', 'Belege 1']);
    assert.deepEqual(folderNames(''), []);
  });
});

describe('keys', () => {
  it('puts each level under its prefix, the identity id only where the level is owned', () => {
    for (const layout of STORAGE_LAYOUTS) {
      assert.equal(levelPrefix('private', ID, layout), `private/${ID}/`);
      assert.equal(levelPrefix('protected', ID, layout), `protected/${ID}/`);
    }
    assert.equal(levelPrefix('public', ID, 'identity-folders'), `public/${ID}/`, 'the default: nobody writes outside their own folder');
    assert.equal(levelPrefix('public', ID, 'amplify-gen1'), 'public/', 'Amplify Gen 1 shares public/');
    assert.equal(objectKey(`private/${ID}/a/`, 'Mein Foto.JPG', 'lz8k2abc1xyz'), `private/${ID}/a/lz8k2abc1xyz-Mein%20Foto.JPG`);
    assert.equal(objectKey(`private/${ID}/`, 'x.png', 'lz8k2abc1xyz', true), `private/${ID}/lz8k2abc1xyz_x.png`);
  });

  it('makes unique ids of 12 characters that sort newest first', () => {
    const early = uploadId(Date.UTC(2026, 0, 1), () => 0.999);
    const late = uploadId(Date.UTC(2026, 0, 2), () => 0);
    assert.ok(late < early, `${late} < ${early}`);
    assert.match(early, /^[0-9a-z]{12}$/);
    assert.match(uploadId(Date.UTC(2058, 11, 31)), /^[0-9a-z]{12}$/);
  });

  const readings: [string, string, boolean][] = [
    [`private/${ID}/a/${uploadId(0, () => 0)}-photo.png`, 'photo.png', false],
    [`private/${ID}/${uploadId()}_Sunset%20at%20the%20beach.png`, 'Sunset at the beach.png', true],
    [`private/${ID}/${uploadId()}-Invoice%20%2342%20%28final%29.pdf`, 'Invoice #42 (final).pdf', false],
    ['private/x/lz8k2abc1xyz-Mein-Foto.jpg', 'Mein-Foto.jpg', false], // the first wave's keys
    ['public/uploaded-elsewhere.png', 'uploaded-elsewhere.png', false],
    ['public/IMG_0001.JPG', 'IMG_0001.JPG', false],
    ['public/abcdefghijkl_', 'abcdefghijkl_', false],
  ];
  for (const [key, name, hasPreview] of readings) {
    it(`readKey(${key.slice(key.lastIndexOf('/') + 1)}) is ${name}${hasPreview ? ' with a preview' : ''}`, () => {
      assert.deepEqual(readKey(key), { name, hasPreview });
      assert.equal(nameFromKey(key), name);
    });
  }

  it('shows bidirectional and control characters neutralized, so a name cannot pass for another', () => {
    assert.equal(visibleName('invoice\u202Efdp.exe'), 'invoice\uFFFDfdp.exe');
    assert.equal(readKey(objectKey(`private/${ID}/`, 'invoice\u202Efdp.exe', uploadId())).name, 'invoice\uFFFDfdp.exe');
    assert.equal(visibleName('a\u2067b\u2069\u200f\u0000c\u0085.txt'), 'a\uFFFDb\uFFFD\uFFFD\uFFFDc\uFFFD.txt');
    assert.deepEqual(folderNames(normalizeFolder('x\u202Ey')), ['x\uFFFDy']);
    assert.equal(visibleName('Été 2026 – photo.jpg'), 'Été 2026 – photo.jpg', 'ordinary text is untouched');
  });

  it('reads back every name it encodes', () => {
    for (const name of ['a.txt', 'Été 2026 – photo.jpg', '日本語 (2).txt', '  spaces  ', 'a_b-c.d', '%41']) {
      assert.equal(readKey(objectKey(`protected/${ID}/x/`, name, uploadId(), true)).name, name);
    }
  });

  it('stores a preview under the owner prefix, in a folder listings hide', () => {
    assert.equal(previewKey(`private/${ID}/a/b/k_x.png`), `private/${ID}/.previews/a/b/k_x.png.webp`);
    assert.equal(previewKey(`protected/${ID}/k_x.png`), `protected/${ID}/.previews/k_x.png.webp`);
    assert.equal(previewKey('public/k_x.png'), 'public/.previews/k_x.png.webp');
    assert.equal(previewKey('elsewhere/k_x.png'), undefined);
    assert.equal(previewKey(`public/${ID}/a/k_x.png`), `public/${ID}/.previews/a/k_x.png.webp`);
  });

  it('finds the owner\'s folder of a key in either layout; a folder the element names never looks like an identity', () => {
    assert.equal(ownerPrefix(`private/${ID}/a/b.txt`), `private/${ID}/`);
    assert.equal(ownerPrefix(`public/${ID}/a/b.txt`), `public/${ID}/`);
    assert.equal(ownerPrefix('public/a/b.txt'), 'public/', 'Amplify Gen 1: a folder in the shared public/');
    assert.equal(ownerPrefix(`public/${normalizeFolder('us-east-1:x')}b.txt`), 'public/', 'a user folder with ":" is escaped');
    assert.equal(ownerPrefix('other/a.txt'), undefined);
    assert.equal(isHiddenFolder(`private/${ID}/.previews/`), true);
    assert.equal(isHiddenFolder('public/.previews/'), true);
    assert.equal(isHiddenFolder(`public/${ID}/.previews/`), true);
    assert.equal(isHiddenFolder(`private/${ID}/.rejected/`), true, 'the backend\'s removal records');
    assert.equal(isHiddenFolder(`private/${ID}/a/.previews/`), false);
    assert.equal(isHiddenFolder(`private/${ID}/%2Epreviews/`), false, 'a user folder named .previews is encoded apart');
  });
});
