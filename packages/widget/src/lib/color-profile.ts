/**
 * A photo's colour profile (ICC), carried from the original into its smaller re-encoding. The
 * worker decodes without colour conversion and a canvas encodes without a profile, so the
 * pixels keep the original's values; given the original's profile again, they keep its colours
 * (a wide-gamut Display P3 phone photo stays P3 instead of turning dull as sRGB).
 *
 * - JPEG: the APP2 `ICC_PROFILE` segments (a large profile spans several), placed after JFIF's APP0
 *   instead of the encoder's own (Chromium writes sRGB's).
 * - PNG: the iCCP chunk, placed after IHDR; an sRGB chunk the encoder wrote goes (a PNG has one or the other).
 * - WebP: the ICCP chunk, after a VP8X header with its ICC flag (a simple file gets such a header).
 *
 * Pure and bounds-checked: a malformed file has no profile, never an error.
 */

/** The original's profile, as the whole segments or chunk that carry it in its format. */
export interface ColorProfile {
  format: 'jpeg' | 'png' | 'webp';
  carriers: Uint8Array[];
}

const ascii = (bytes: Uint8Array, at: number, text: string) => at + text.length <= bytes.length && [...text].every((char, i) => bytes[at + i] === char.charCodeAt(0));
const be16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const be32 = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const le32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

/** The parts' bytes one after another, in a new array. */
export function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The segments before a JPEG's image data: [start, end) of each, with its marker. */
function jpegSegments(bytes: Uint8Array): { marker: number; start: number; end: number }[] {
  const segments = [];
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xda || marker === 0xd9) break;
    const end = at + 2 + be16(bytes, at + 2);
    if (end > bytes.length) break;
    segments.push({ marker, start: at, end });
    at = end;
  }
  return segments;
}

/** A PNG's chunks up to its image data: [start, end) of each (length, type, data, CRC), with its type. */
function pngChunks(bytes: Uint8Array): { type: string; start: number; end: number }[] {
  const chunks = [];
  for (let at = 8; at + 12 <= bytes.length; ) {
    const end = at + 12 + be32(bytes, at);
    if (end > bytes.length) break;
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    chunks.push({ type, start: at, end });
    if (type === 'IEND') break;
    at = end;
  }
  return chunks;
}

/** A WebP's chunks: [start, end) of each (FourCC, size, data, padding to even), with its FourCC. */
function webpChunks(bytes: Uint8Array): { type: string; start: number; end: number }[] {
  const chunks = [];
  const riffEnd = Math.min(bytes.length, 8 + le32(bytes, 4));
  for (let at = 12; at + 8 <= riffEnd; ) {
    const size = le32(bytes, at + 4);
    const end = Math.min(at + 8 + size + (size % 2), riffEnd);
    if (at + 8 + size > riffEnd) break;
    chunks.push({ type: String.fromCharCode(...bytes.subarray(at, at + 4)), start: at, end });
    at = end;
  }
  return chunks;
}

const isJpeg = (b: Uint8Array) => b[0] === 0xff && b[1] === 0xd8;
const isPng = (b: Uint8Array) => ascii(b, 0, '\x89PNG\r\n\x1a\n');
const isWebp = (b: Uint8Array) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP');

/** The colour profile in the first bytes of an image (where every format keeps it), if any. */
export function colorProfileOf(head: Uint8Array): ColorProfile | undefined {
  if (isJpeg(head)) {
    const carriers = jpegSegments(head)
      .filter((s) => s.marker === 0xe2 && ascii(head, s.start + 4, 'ICC_PROFILE\0'))
      .map((s) => head.slice(s.start, s.end));
    return carriers.length ? { format: 'jpeg', carriers } : undefined;
  }
  if (isPng(head)) {
    const chunk = pngChunks(head).find((c) => c.type === 'iCCP');
    return chunk ? { format: 'png', carriers: [head.slice(chunk.start, chunk.end)] } : undefined;
  }
  if (isWebp(head)) {
    const chunk = webpChunks(head).find((c) => c.type === 'ICCP');
    return chunk ? { format: 'webp', carriers: [head.slice(chunk.start, chunk.end)] } : undefined;
  }
  return undefined;
}

/**
 * `encoded` (a canvas's output of `size`, in the profile's format) with the profile in it;
 * unchanged when the formats differ or `encoded` cannot be read.
 */
export function withColorProfile(encoded: Uint8Array, profile: ColorProfile, size: { width: number; height: number }): Uint8Array {
  if (profile.format === 'jpeg' && isJpeg(encoded)) {
    // The encoder's own profile (Chromium writes sRGB's) gives way to the original's.
    const segments = jpegSegments(encoded);
    const kept = segments.filter((s) => !(s.marker === 0xe2 && ascii(encoded, s.start + 4, 'ICC_PROFILE\0')));
    const afterApp0 = kept[0]?.marker === 0xe0 ? 1 : 0;
    const dataStart = segments.length ? segments[segments.length - 1]!.end : 2;
    const pieces = kept.map((s) => encoded.subarray(s.start, s.end));
    return concat([encoded.subarray(0, 2), ...pieces.slice(0, afterApp0), ...profile.carriers, ...pieces.slice(afterApp0), encoded.subarray(dataStart)]);
  }
  if (profile.format === 'png' && isPng(encoded)) {
    const chunks = pngChunks(encoded);
    if (chunks[0]?.type !== 'IHDR') return encoded;
    const kept = chunks.slice(1).filter((c) => c.type !== 'sRGB' && c.type !== 'iCCP');
    const tail = encoded.subarray(chunks[chunks.length - 1]!.end);
    return concat([encoded.subarray(0, chunks[0].end), ...profile.carriers, ...kept.map((c) => encoded.subarray(c.start, c.end)), tail]);
  }
  if (profile.format === 'webp' && isWebp(encoded)) {
    const chunks = webpChunks(encoded).filter((c) => c.type !== 'ICCP');
    if (!chunks.length) return encoded;
    const pieces: Uint8Array[] = chunks.map((c) => encoded.slice(c.start, c.end));
    if (chunks[0]!.type === 'VP8X') {
      pieces[0]![8] = pieces[0]![8]! | 0x20; // the ICC flag
      pieces.splice(1, 0, ...profile.carriers);
    } else {
      pieces.unshift(vp8xHeader(size, chunks[0]!.type === 'VP8L' && hasLosslessAlpha(encoded, chunks[0]!.start)), ...profile.carriers);
    }
    const body = concat(pieces);
    const header = new Uint8Array(12);
    header.set([0x52, 0x49, 0x46, 0x46], 0); // RIFF
    new DataView(header.buffer).setUint32(4, 4 + body.length, true);
    header.set([0x57, 0x45, 0x42, 0x50], 8); // WEBP
    return concat([header, body]);
  }
  return encoded;
}

/** The VP8X chunk a WebP needs to carry a profile: flags (ICC, and alpha if any), canvas size less one. */
function vp8xHeader({ width, height }: { width: number; height: number }, alpha: boolean): Uint8Array {
  const chunk = new Uint8Array(18);
  chunk.set([0x56, 0x50, 0x38, 0x58, 10, 0, 0, 0], 0); // "VP8X", size 10
  chunk[8] = 0x20 | (alpha ? 0x10 : 0);
  for (let i = 0; i < 3; i++) {
    chunk[12 + i] = ((width - 1) >> (8 * i)) & 0xff;
    chunk[15 + i] = ((height - 1) >> (8 * i)) & 0xff;
  }
  return chunk;
}

/** Whether a VP8L (lossless) bitstream says it uses alpha: the bit after its 14-bit width and height. */
function hasLosslessAlpha(bytes: Uint8Array, chunkStart: number): boolean {
  const at = chunkStart + 8 + 1; // after the 0x2F signature
  return at + 4 <= bytes.length && ((le32(bytes, at) >>> 28) & 1) === 1;
}
