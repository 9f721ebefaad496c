/**
 * Object keys: where a file is stored and what its key says about it. A key keeps the original
 * name reversibly, so a listing alone shows names (no request per file); ids sort newest first,
 * so the first page of a listing holds the latest uploads; a marker says whether the element
 * stored a small preview beside the file, and where. Pure: every rule is a table test.
 */

export type AccessLevel = 'private' | 'protected' | 'public';
export const ACCESS_LEVELS: readonly AccessLevel[] = ['private', 'protected', 'public'];

/** Longest encoded name or folder segment kept in a key (S3 allows 1,024 bytes in all). */
export const SEGMENT_MAX = 200;
/** S3's limit on a key, in UTF-8 bytes (our keys are ASCII). */
export const KEY_MAX = 1024;

/** Where the element keeps the small previews of an owner's files; listings hide it. */
export const PREVIEWS_FOLDER = '.previews/';
const PREVIEW_SUFFIX = '.webp';

/** Separators after a key's id: `-` a plain file, `_` a file with a stored preview. */
const PLAIN = '-';
const WITH_PREVIEW = '_';
const ID_LENGTH = 12;

const loneSurrogates = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Percent-encodes everything but ASCII letters, digits, `.`, `-`, `_` (UTF-8, NFC). */
function escape(text: string): string {
  return encodeURIComponent(text.normalize('NFC').replace(loneSurrogates, '\uFFFD')).replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A name or folder name as one key segment: reversible (see `decodeSegment`), only
 * `[A-Za-z0-9._%-]`, never starting with a dot (so never `.`, `..` or a hidden folder of
 * ours), at most `SEGMENT_MAX` characters: a longer name loses the end of its base, not its
 * extension.
 */
export function encodeSegment(name: string): string {
  let encoded = escape(name);
  if (encoded.length > SEGMENT_MAX) {
    const dot = name.lastIndexOf('.');
    const extension = dot > 0 && name.length - dot <= 16 ? escape(name.slice(dot)) : '';
    let base = name.slice(0, name.length - (extension ? name.length - dot : 0));
    while (base && escape(base).length + extension.length > SEGMENT_MAX) base = [...base].slice(0, -1).join('');
    encoded = escape(base) + extension;
  }
  return encoded.startsWith('.') ? `%2E${encoded.slice(1)}` : encoded || 'file';
}

/** The name a key segment holds; a segment that is not valid percent-encoding is shown as it is. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Bidirectional and other control characters, which can make a name read as something else
 * (`invoice\u202Efdp.exe` shows as "invoiceexe.pdf").
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A name as it may be shown (and saved): those characters neutralized as U+FFFD. */
export const visibleName = (name: string): string => name.replace(INVISIBLE, '\ufffd');

/** A key segment as a name to show: decoded, then neutralized. */
export const segmentName = (segment: string): string => visibleName(decodeSegment(segment));

/** Cleans the `path` attribute (or a folder the user names) into `a/b/`, or '' for none. */
export function normalizeFolder(path: string | undefined): string {
  if (!path) return '';
  const segments = path.split('/').map((s) => s.trim()).filter((s) => s !== '' && s !== '.' && s !== '..').map(encodeSegment);
  return segments.length ? `${segments.join('/')}/` : '';
}

/** The folder names of an encoded folder path `a/b/`, decoded, for breadcrumbs. */
export function folderNames(folder: string): string[] {
  return folder.split('/').filter(Boolean).map(segmentName);
}

/**
 * Where a level's files are kept. `identity-folders` (the stack's default): every level has
 * one folder per identity, `{level}/{identityId}/`. `amplify-gen1`: public files share
 * `public/`, as Amplify Gen 1 keeps them.
 */
export type StorageLayout = 'identity-folders' | 'amplify-gen1';
export const STORAGE_LAYOUTS: readonly StorageLayout[] = ['identity-folders', 'amplify-gen1'];

/** The folder of an identity's files at a level (see `StorageLayout`). */
export function levelPrefix(level: AccessLevel, identityId: string, layout: StorageLayout): string {
  return level === 'public' && layout === 'amplify-gen1' ? 'public/' : `${level}/${identityId}/`;
}

/** The folder everyone's files at a level share: what guests browse (`public/`). */
export const sharedPrefix = (level: AccessLevel): string => `${level}/`;

/** A unique id that sorts newest first: base-36 milliseconds counted down from 2059, then randomness. */
export function uploadId(now = Date.now(), random = Math.random): string {
  const countdown = Math.max(0, 36 ** 8 - 1 - now);
  return `${countdown.toString(36).padStart(8, '0')}${Math.floor(random() * 36 ** 4).toString(36).padStart(4, '0')}`;
}

/**
 * The key of a new upload: level prefix, folder, a unique id (so two files with the same name
 * never overwrite each other), the marker, the encoded name.
 */
export function objectKey(folderPrefix: string, fileName: string, uniqueId: string, hasPreview = false): string {
  return `${folderPrefix}${uniqueId}${hasPreview ? WITH_PREVIEW : PLAIN}${encodeSegment(fileName)}`;
}

export interface KeyReading {
  /** The original name (or, for keys from other tools, the key's last segment). */
  name: string;
  /** The element stored a preview beside it (`previewKey`). */
  hasPreview: boolean;
}

/** What a key says: the file's name and whether a preview was stored with it. */
export function readKey(key: string): KeyReading {
  const last = key.slice(key.lastIndexOf('/') + 1);
  const ours = last.length > ID_LENGTH + 1 && /^[0-9a-z]{12}[-_]/.test(last);
  return { name: segmentName(ours ? last.slice(ID_LENGTH + 1) : last), hasPreview: ours && last[ID_LENGTH] === WITH_PREVIEW };
}

/** The display name of a key (see `readKey`). */
export const nameFromKey = (key: string): string => readKey(key).name;

/**
 * The owner's folder a key lies under (`{level}/{identity id}/`, or Amplify Gen 1's shared
 * `public/`), if any. An identity id is `region:uuid`; a folder the element names never holds
 * a `:` (`encodeSegment` escapes it), so the two cannot be confused.
 */
export function ownerPrefix(key: string): string | undefined {
  return /^((?:private|protected)\/[^/]+\/|public\/(?:[^/:]+:[^/]+\/)?)/.exec(key)?.[1];
}

/** Where the preview of a file is stored: `{level prefix}.previews/{rest of the key}.webp`. */
export function previewKey(key: string): string | undefined {
  const owner = ownerPrefix(key);
  return owner === undefined ? undefined : `${owner}${PREVIEWS_FOLDER}${key.slice(owner.length)}${PREVIEW_SUFFIX}`;
}

/** Where the previews of everything under a folder prefix are stored (for deleting a folder). */
export function previewsPrefix(folderPrefix: string): string | undefined {
  const owner = ownerPrefix(folderPrefix);
  return owner === undefined ? undefined : `${owner}${PREVIEWS_FOLDER}${folderPrefix.slice(owner.length)}`;
}

/** Where the backend records files it removed (see lib/rejections.ts). */
export const REJECTED_FOLDER = '.rejected/';

/** Whether a listed folder is ours to hide (the previews and removal records under an owner's folder). */
export function isHiddenFolder(prefix: string): boolean {
  const owner = ownerPrefix(prefix);
  return owner !== undefined && (prefix === `${owner}${PREVIEWS_FOLDER}` || prefix === `${owner}${REJECTED_FOLDER}`);
}
