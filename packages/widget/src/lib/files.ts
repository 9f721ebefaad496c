/**
 * Pure rules about files: size limits, `accept` lists, content sniffing, part plans, download
 * names (keys are in keys.ts). No DOM, no network: every rule is a table test.
 */

/** Signatures of the types worth checking against what a file claims to be. */
const SIGNATURES: { type: string; bytes: (number | null)[]; offset?: number }[] = [
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] },
  { type: 'image/webp', bytes: [0x52, 0x49, 0x46, 0x46, null, null, null, null, 0x57, 0x45, 0x42, 0x50] },
  { type: 'image/bmp', bytes: [0x42, 0x4d] },
  { type: 'image/avif', bytes: [0x66, 0x74, 0x79, 0x70, 0x61, 0x76, 0x69, 0x66], offset: 4 },
  { type: 'image/heic', bytes: [0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63], offset: 4 },
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { type: 'application/zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { type: 'application/gzip', bytes: [0x1f, 0x8b] },
  { type: 'video/mp4', bytes: [0x66, 0x74, 0x79, 0x70], offset: 4 },
];

/** How many leading bytes `sniffType` needs. */
export const SNIFF_BYTES = 16;

/** The type the first bytes show, or undefined when they match no known signature. */
export function sniffType(head: Uint8Array): string | undefined {
  for (const { type, bytes, offset = 0 } of SIGNATURES) {
    if (head.length < offset + bytes.length) continue;
    if (bytes.every((b, i) => b === null || head[offset + i] === b)) return type;
  }
  return undefined;
}

/** Types whose content we can check: claiming one of these, a file must show its signature. */
const CHECKABLE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'application/pdf']);

const EXTENSION_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  avif: 'image/avif',
  heic: 'image/heic',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  zip: 'application/zip',
  txt: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  mp3: 'audio/mpeg',
};

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** The content type to store: the browser's, else from the extension, else generic binary. */
export function contentTypeOf(name: string, browserType: string): string {
  return browserType || EXTENSION_TYPES[extensionOf(name)] || 'application/octet-stream';
}

export type Refusal =
  | { code: 'too-large'; limit: number }
  | { code: 'type-not-accepted'; accept: string }
  | { code: 'content-mismatch'; claimed: string; found: string | undefined }
  | { code: 'too-many-files'; limit: number }
  | { code: 'empty-file' };

/** Whether a name and type fit one entry of an `accept` list (`.pdf`, `image/*`, `image/png`). */
function acceptsEntry(entry: string, name: string, type: string): boolean {
  const rule = entry.trim().toLowerCase();
  if (!rule) return false;
  if (rule.startsWith('.')) return name.toLowerCase().endsWith(rule);
  if (rule.endsWith('/*')) return type.startsWith(rule.slice(0, -1));
  return type === rule;
}

/** Whether content of this type would be accepted under any of its usual extensions. */
function typeAccepted(entries: string[], type: string): boolean {
  const names = Object.keys(EXTENSION_TYPES).filter((extension) => EXTENSION_TYPES[extension] === type).map((extension) => `x.${extension}`);
  return entries.some((entry) => [...names, ''].some((name) => acceptsEntry(entry, name, type)));
}

/**
 * Checks one file against the element's limits. `head` is the file's first bytes: a file that
 * claims (by name or type) to be a PNG, JPEG, GIF, WebP, BMP or PDF must show that signature,
 * and bytes of a known type must be acceptable too, so a renamed file does not slip through.
 */
export function checkFile(file: { name: string; size: number; type: string }, head: Uint8Array, limits: { accept?: string; maxFileSize?: number }): Refusal | undefined {
  if (file.size === 0) return { code: 'empty-file' };
  if (limits.maxFileSize !== undefined && file.size > limits.maxFileSize) return { code: 'too-large', limit: limits.maxFileSize };
  if (file.size > MAX_OBJECT_SIZE) return { code: 'too-large', limit: MAX_OBJECT_SIZE };
  const claimed = contentTypeOf(file.name, file.type);
  const found = sniffType(head);
  if (limits.accept && limits.accept.trim()) {
    const entries = limits.accept.split(',');
    if (!entries.some((entry) => acceptsEntry(entry, file.name, claimed))) return { code: 'type-not-accepted', accept: limits.accept };
    if (found && !typeAccepted(entries, found)) return { code: 'content-mismatch', claimed, found };
  }
  if (CHECKABLE.has(claimed) && found !== claimed) return { code: 'content-mismatch', claimed, found };
  return undefined;
}

/**
 * How long an unfinished multipart upload can be resumed: the stack's lifecycle rule aborts
 * one a day after it started (AbortIncompleteMultipartUpload), so the element forgets and
 * aborts it then too (transport/resume-store.ts). A backend test holds the two together.
 */
export const RESUMABLE_FOR_MS = 24 * 60 * 60 * 1000;

/**
 * How long to wait before retry `attempt` (1 = the first retry): exponential from 1 s, at most
 * 16 s, with "full jitter" in its upper half, so many visitors whose network dropped at once do not
 * all come back in the same second.
 */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(16_000, 1000 * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface PartPlan {
  partNumber: number;
  start: number;
  end: number;
}

/** The photo formats made smaller before upload (`max-image-size`): those a canvas writes and that carry a colour profile. */
export const RESIZABLE_TYPES: readonly string[] = ['image/jpeg', 'image/png', 'image/webp'];

/** S3's limits for one object: its parts (all but the last at least the minimum), their size, the whole. */
export const MIN_PART_SIZE = 5 * 1024 ** 2;
export const MAX_PART_SIZE = 5 * 1024 ** 3;
export const MAX_PARTS = 10_000;
export const MAX_OBJECT_SIZE = 5 * 1024 ** 4;

/**
 * Cuts a file into parts of the preferred size, doubled as often as needed to stay within
 * MAX_PARTS (S3's largest object, 5 TiB, takes parts of 1 GiB: within MAX_PART_SIZE).
 */
export function planParts(size: number, preferredPartSize: number): PartPlan[] {
  if (size > MAX_OBJECT_SIZE) throw new RangeError(`S3 objects hold at most ${MAX_OBJECT_SIZE} bytes; this file has ${size}`);
  let partSize = Math.max(preferredPartSize, MIN_PART_SIZE);
  while (Math.ceil(size / partSize) > MAX_PARTS) partSize *= 2;
  const parts: PartPlan[] = [];
  for (let start = 0, partNumber = 1; start < size; start += partSize, partNumber++) parts.push({ partNumber, start, end: Math.min(start + partSize, size) });
  return parts;
}

/**
 * `Content-Disposition` for a download under the original name: an ASCII fallback and the
 * exact name in RFC 5987 form for browsers (all current ones) that read it.
 */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '_').trim() || 'download';
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
