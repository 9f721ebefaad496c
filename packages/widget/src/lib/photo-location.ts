/**
 * Where a photo says it was taken, and how to say nothing instead: the edits that remove the
 * GPS position from a JPEG, PNG or WebP without decoding or re-encoding it.
 *
 * - EXIF (JPEG APP1 `Exif`, PNG `eXIf`, WebP `EXIF`): the GPSInfo entry leaves IFD0 (the
 *   entries after it move up, the freed 12 bytes are zeroed) and the GPS IFD and every value it
 *   points to are zeroed. The orientation, the camera and the dates stay.
 * - XMP (JPEG APP1 `http://ns.adobe.com/xap/1.0/`, PNG `iTXt XML:com.adobe.xmp`, WebP `XMP `):
 *   every `…:GPS…` property, attribute or element, becomes spaces.
 *
 * Every edit keeps its length, so the file keeps its size and layout: the uploader sends the
 * original's bytes around a few patched ranges (memory flat in the file size), and a PNG chunk's
 * CRC is recomputed. Pure and bounds-checked: a malformed file gives fewer edits, never an error.
 */
import { crc32 } from './crc32.js';

/** Replace `bytes.length` bytes at `at` with `bytes`. */
export interface ByteEdit {
  at: number;
  bytes: Uint8Array;
}

/** Reads bytes `start` to `end` (exclusive) of the file; fewer at its end. */
export type ReadBytes = (start: number, end: number) => Promise<Uint8Array>;

const TAG_GPS_IFD = 0x8825;
/** Bytes of one value of each TIFF type (1 BYTE … 12 DOUBLE). */
const TYPE_SIZES = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8];
/** Larger metadata than this is not a photo's: not read. */
const MAX_METADATA = 4 * 1024 * 1024;

const ascii = (bytes: Uint8Array, at: number, text: string) => [...text].every((char, i) => bytes[at + i] === char.charCodeAt(0));
const XMP_JPEG = 'http://ns.adobe.com/xap/1.0/\0';
const XMP_PNG = 'XML:com.adobe.xmp\0';

/** The edits that remove the location from the file (none when it has none or is no JPEG, PNG or WebP). */
export async function locationEdits(read: ReadBytes, size: number): Promise<ByteEdit[]> {
  const head = await read(0, 16);
  if (head[0] === 0xff && head[1] === 0xd8) return jpegEdits(read, size);
  if (ascii(head, 0, '\x89PNG\r\n\x1a\n')) return pngEdits(read, size);
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return webpEdits(read, size);
  return [];
}

async function jpegEdits(read: ReadBytes, size: number): Promise<ByteEdit[]> {
  const edits: ByteEdit[] = [];
  let at = 2;
  // The segments before the image data: FF, a marker, a big-endian length that counts itself.
  while (at + 4 <= size) {
    const header = await read(at, at + 4);
    if (header[0] !== 0xff) break;
    const marker = header[1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xda || marker === 0xd9) break; // the image data: metadata comes before it
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    const length = (header[2]! << 8) | header[3]!;
    if (length < 2) break;
    if (marker === 0xe1) {
      const body = await read(at + 4, at + 2 + length);
      if (ascii(body, 0, 'Exif\0\0')) edits.push(...tiffEdits(body.subarray(6), at + 4 + 6));
      else if (ascii(body, 0, XMP_JPEG)) edits.push(...xmpEdits(body.subarray(XMP_JPEG.length), at + 4 + XMP_JPEG.length));
    }
    at += 2 + length;
  }
  return edits;
}

async function pngEdits(read: ReadBytes, size: number): Promise<ByteEdit[]> {
  const edits: ByteEdit[] = [];
  let at = 8;
  while (at + 12 <= size) {
    const header = await read(at, at + 8);
    const length = new DataView(header.buffer, header.byteOffset, 8).getUint32(0);
    const type = String.fromCharCode(...header.subarray(4, 8));
    if (type === 'IEND') break;
    const dataAt = at + 8;
    if ((type === 'eXIf' || type === 'iTXt') && length <= MAX_METADATA) {
      const data = await read(dataAt, dataAt + length);
      const found = type === 'eXIf' ? tiffEdits(data, 0) : ascii(data, 0, XMP_PNG) ? xmpText(data) : [];
      if (found.length > 0) {
        // The chunk's data and CRC rewritten as one edit (the CRC covers the type and the data).
        const patched = applyEdits(data, found);
        const chunk = new Uint8Array(4 + length + 4);
        chunk.set(header.subarray(4, 8));
        chunk.set(patched, 4);
        new DataView(chunk.buffer).setUint32(4 + length, crc32(chunk.subarray(0, 4 + length)));
        edits.push({ at: at + 4, bytes: chunk });
      }
    }
    at = dataAt + length + 4;
  }
  return edits;
}

/** An iTXt XMP chunk's edits: its text follows the keyword, the compression flag and method, and two (empty) strings. */
function xmpText(data: Uint8Array): ByteEdit[] {
  let at = XMP_PNG.length;
  if (data[at] !== 0) return []; // compressed: not edited
  at += 2;
  for (let strings = 0; strings < 2 && at < data.length; at++) if (data[at] === 0) strings++;
  return xmpEdits(data.subarray(at), at);
}

async function webpEdits(read: ReadBytes, size: number): Promise<ByteEdit[]> {
  const edits: ByteEdit[] = [];
  let at = 12;
  while (at + 8 <= size) {
    const header = await read(at, at + 8);
    const type = String.fromCharCode(...header.subarray(0, 4));
    const length = new DataView(header.buffer, header.byteOffset, 8).getUint32(4, true);
    const dataAt = at + 8;
    if ((type === 'EXIF' || type === 'XMP ') && length <= MAX_METADATA) {
      const data = await read(dataAt, dataAt + length);
      // Some writers keep JPEG's "Exif\0\0" before the TIFF header.
      if (type === 'EXIF') edits.push(...(ascii(data, 0, 'Exif\0\0') ? tiffEdits(data.subarray(6), dataAt + 6) : tiffEdits(data, dataAt)));
      else edits.push(...xmpEdits(data, dataAt));
    }
    at = dataAt + length + (length % 2); // chunks are padded to an even length
  }
  return edits;
}

/** The edits inside a TIFF structure (EXIF) at file offset `base` that remove its GPS IFD. */
export function tiffEdits(tiff: Uint8Array, base: number): ByteEdit[] {
  if (tiff.length < 8) return [];
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const little = tiff[0] === 0x49 && tiff[1] === 0x49;
  if (!little && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return [];
  const u16 = (at: number) => (at >= 0 && at + 2 <= tiff.length ? view.getUint16(at, little) : undefined);
  const u32 = (at: number) => (at >= 0 && at + 4 <= tiff.length ? view.getUint32(at, little) : undefined);
  if (u16(2) !== 42) return [];
  const ifd0 = u32(4) ?? 0;
  const count = u16(ifd0);
  if (count === undefined || count === 0 || ifd0 + 2 + count * 12 + 4 > tiff.length) return [];
  const entries = Array.from({ length: count }, (_, i) => ifd0 + 2 + i * 12);
  const gpsEntry = entries.find((entry) => u16(entry) === TAG_GPS_IFD);
  if (gpsEntry === undefined) return [];
  const edits: ByteEdit[] = [];
  const ifd0End = ifd0 + 2 + count * 12 + 4;
  const zero = (at: number, length: number) => {
    const end = Math.min(tiff.length, at + length);
    // Never the header, nor IFD0 (rewritten below): a malformed offset cannot undo that edit.
    if (at >= 8 && end > at && (end <= ifd0 || at >= ifd0End)) edits.push({ at: base + at, bytes: new Uint8Array(end - at) });
  };

  // IFD0 without the GPSInfo entry: the same bytes, that entry taken out, 12 zero bytes at the end.
  const rewritten = new Uint8Array(2 + count * 12 + 4 + 12);
  const rewrittenView = new DataView(rewritten.buffer);
  rewrittenView.setUint16(0, count - 1, little);
  let to = 2;
  for (const entry of entries) {
    if (entry === gpsEntry) continue;
    rewritten.set(tiff.subarray(entry, entry + 12), to);
    to += 12;
  }
  rewritten.set(tiff.subarray(ifd0 + 2 + count * 12, ifd0 + 2 + count * 12 + 4), to);
  edits.push({ at: base + ifd0, bytes: rewritten.subarray(0, 2 + count * 12 + 4) });

  // The GPS IFD and the values it points to, zeroed.
  const gps = u32(gpsEntry + 8) ?? 0;
  const gpsCount = u16(gps);
  if (gpsCount !== undefined && gpsCount <= 1000) {
    for (let i = 0; i < gpsCount; i++) {
      const entry = gps + 2 + i * 12;
      const bytes = (TYPE_SIZES[u16(entry + 2) ?? 0] ?? 0) * (u32(entry + 4) ?? 0);
      if (bytes > 4) zero(u32(entry + 8) ?? 0, bytes);
    }
    zero(gps, 2 + gpsCount * 12 + 4);
  }
  return edits;
}

/** GPS properties in XMP (`exif:GPSLatitude="…"`, `<exif:GPSLongitude>…</exif:GPSLongitude>`), each as spaces. */
const XMP_GPS = [/<([\w.-]+:GPS\w*)\b[^>]*\/>/gi, /<([\w.-]+:GPS\w*)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, /(?<=\s)[\w.-]+:GPS\w*\s*=\s*("[^"]*"|'[^']*')/gi];

/** The edits inside an XMP packet at file offset `base` that blank its GPS properties. */
export function xmpEdits(xmp: Uint8Array, base: number): ByteEdit[] {
  // Latin-1 keeps one character per byte, so a match's index is its byte offset (XMP is UTF-8).
  let text = '';
  for (let i = 0; i < xmp.length; i += 8192) text += String.fromCharCode(...xmp.subarray(i, i + 8192));
  const edits: ByteEdit[] = [];
  for (const pattern of XMP_GPS) {
    for (const match of text.matchAll(pattern)) {
      edits.push({ at: base + match.index, bytes: new Uint8Array(match[0].length).fill(0x20) });
      // Later patterns do not see what an earlier one blanked.
      text = text.slice(0, match.index) + ' '.repeat(match[0].length) + text.slice(match.index + match[0].length);
    }
  }
  return edits;
}

/** `bytes` with the edits applied (offsets relative to it); for small buffers. */
export function applyEdits(bytes: Uint8Array, edits: readonly ByteEdit[]): Uint8Array {
  const out = bytes.slice();
  for (const edit of edits) if (edit.at >= 0 && edit.at + edit.bytes.length <= out.length) out.set(edit.bytes, edit.at);
  return out;
}

/**
 * The file without its location: the original's bytes around the patched ranges, as a Blob
 * (nothing is read but the metadata); the file itself when it says nowhere.
 */
export async function withoutLocation<T extends Blob>(file: T): Promise<{ body: T | Blob; removed: boolean }> {
  const read: ReadBytes = async (start, end) => new Uint8Array(await file.slice(start, end).arrayBuffer());
  const edits = (await locationEdits(read, file.size)).sort((a, b) => a.at - b.at);
  if (edits.length === 0) return { body: file, removed: false };
  const parts: BlobPart[] = [];
  let at = 0;
  for (const edit of edits) {
    // Overlapping edits only ever overlap in zeros (a malformed GPS IFD): skip what is done.
    const skip = Math.max(0, at - edit.at);
    if (skip >= edit.bytes.length) continue;
    if (edit.at > at) parts.push(file.slice(at, edit.at));
    parts.push(edit.bytes.subarray(skip) as Uint8Array<ArrayBuffer>);
    at = edit.at + edit.bytes.length;
  }
  parts.push(file.slice(at));
  // A File stays a File with the same name, size and date: an unfinished upload of it still resumes.
  const body = file instanceof File ? new File(parts, file.name, { type: file.type, lastModified: file.lastModified }) : new Blob(parts, { type: file.type });
  return { body, removed: true };
}
