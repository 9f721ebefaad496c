/**
 * The small JPEG that cameras and phones embed in a photo's EXIF block (APP1, IFD1: tags
 * JPEGInterchangeFormat and JPEGInterchangeFormatLength). APP1 comes first and is at most
 * 64 KiB, so the first `EXIF_HEAD_BYTES` of a photo, one ranged GET, usually hold it: a
 * preview without downloading the photo. Pure and bounds-checked: any byte string is safe.
 */

/** How many leading bytes to fetch: the markers before APP1 and APP1's 64 KiB. */
export const EXIF_HEAD_BYTES = 64 * 1024 + 4096;

export interface ExifThumbnail {
  /** A complete JPEG (starts with FFD8). */
  jpeg: Uint8Array;
  /** EXIF orientation 1–8 of the photo (the thumbnail is stored unrotated like the photo). */
  orientation: number;
}

const TAG_ORIENTATION = 0x0112;
const TAG_THUMBNAIL_OFFSET = 0x0201;
const TAG_THUMBNAIL_LENGTH = 0x0202;

export function exifThumbnail(bytes: Uint8Array): ExifThumbnail | undefined {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 2;
  // Walk the segments before the image data; each is FF xx, then a big-endian length.
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1]!;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01 || marker === 0xff) {
      at += marker === 0xff ? 1 : 2; // fill bytes and markers without a length
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return undefined; // image data: no EXIF before it
    const length = view.getUint16(at + 2);
    if (length < 2) return undefined;
    const start = at + 4;
    if (marker === 0xe1 && isExifHeader(bytes, start)) return fromTiff(bytes.subarray(start + 6, Math.min(bytes.length, at + 2 + length)));
    at += 2 + length;
  }
  return undefined;
}

function isExifHeader(bytes: Uint8Array, at: number): boolean {
  return bytes.length >= at + 6 && bytes[at] === 0x45 && bytes[at + 1] === 0x78 && bytes[at + 2] === 0x69 && bytes[at + 3] === 0x66 && bytes[at + 4] === 0 && bytes[at + 5] === 0;
}

/** Reads IFD0 (orientation) and IFD1 (the thumbnail) of a TIFF structure. */
function fromTiff(tiff: Uint8Array): ExifThumbnail | undefined {
  if (tiff.length < 8) return undefined;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const little = tiff[0] === 0x49 && tiff[1] === 0x49;
  if (!little && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return undefined;
  if (view.getUint16(2, little) !== 42) return undefined;
  const u16 = (at: number) => (at + 2 <= tiff.length ? view.getUint16(at, little) : undefined);
  const u32 = (at: number) => (at + 4 <= tiff.length ? view.getUint32(at, little) : undefined);

  /** The entries of the IFD at `offset` as tag → value (short or long), and the next IFD's offset. */
  const readIfd = (offset: number) => {
    const count = u16(offset);
    if (count === undefined || count > 1000) return undefined;
    const values = new Map<number, number>();
    for (let i = 0; i < count; i++) {
      const entry = offset + 2 + i * 12;
      const tag = u16(entry);
      const type = u16(entry + 2);
      if (tag === undefined || type === undefined) return undefined;
      const value = type === 3 ? u16(entry + 8) : type === 4 ? u32(entry + 8) : undefined;
      if (value !== undefined) values.set(tag, value);
    }
    return { values, next: u32(offset + 2 + count * 12) ?? 0 };
  };

  const ifd0 = readIfd(u32(4) ?? 0);
  if (!ifd0 || ifd0.next === 0) return undefined;
  const ifd1 = readIfd(ifd0.next);
  const offset = ifd1?.values.get(TAG_THUMBNAIL_OFFSET);
  const length = ifd1?.values.get(TAG_THUMBNAIL_LENGTH);
  if (offset === undefined || length === undefined || length < 4 || offset + length > tiff.length) return undefined;
  const jpeg = tiff.subarray(offset, offset + length);
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return undefined;
  const orientation = ifd0.values.get(TAG_ORIENTATION) ?? 1;
  return { jpeg, orientation: orientation >= 1 && orientation <= 8 ? orientation : 1 };
}
