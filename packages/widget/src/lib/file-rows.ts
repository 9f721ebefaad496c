/**
 * The rows of a folder as the file browser shows them: built from listing pages (names from
 * the keys, no request per file), sorted and filtered, folders first. Pure: table-tested.
 */
import { isHiddenFolder, readKey, segmentName } from './keys.js';

export interface FileRow {
  kind: 'file';
  key: string;
  /** The original name, read from the key. */
  name: string;
  size: number;
  lastModified: Date;
  etag: string;
  /** The element stored a small preview beside it. */
  hasPreview: boolean;
  /** Object URL of its thumbnail, once loaded (revoked when the row goes). */
  thumbnail?: string;
  /** EXIF orientation of an embedded thumbnail (stored unrotated). */
  orientation?: number;
}

export interface FolderRow {
  kind: 'folder';
  /** The folder's full prefix, ending in `/`. */
  prefix: string;
  name: string;
}

export type Row = FileRow | FolderRow;

export type SortKey = 'date' | 'name' | 'size';
export interface Order {
  by: SortKey;
  descending: boolean;
}

/** Newest first: the order keys made by the element list in, so pages arrive already in place. */
export const LISTING_ORDER: Order = { by: 'date', descending: true };

export interface ListedObject {
  key: string;
  size: number;
  lastModified: Date;
  etag: string;
}

export function fileRow(object: ListedObject): FileRow {
  const { name, hasPreview } = readKey(object.key);
  return { kind: 'file', key: object.key, size: object.size, lastModified: object.lastModified, etag: object.etag, name, hasPreview };
}

/**
 * The rows of one listing page of `prefix`: the folder's own marker object (an empty "folder"
 * made by the S3 console or by us) and our previews folder are not shown.
 */
export function rowsOfPage(prefix: string, page: { files: ListedObject[]; folders: string[] }): { files: FileRow[]; folders: FolderRow[] } {
  return {
    files: page.files.filter((o) => o.key !== prefix && !o.key.endsWith('/')).map(fileRow),
    folders: page.folders.filter((f) => !isHiddenFolder(f)).map((f) => ({ kind: 'folder' as const, prefix: f, name: segmentName(f.slice(prefix.length, -1)) })),
  };
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function compareFiles(by: SortKey): (a: FileRow, b: FileRow) => number {
  switch (by) {
    case 'name':
      return (a, b) => collator.compare(a.name, b.name) || a.key.localeCompare(b.key);
    case 'size':
      return (a, b) => a.size - b.size || collator.compare(a.name, b.name);
    case 'date':
      return (a, b) => a.lastModified.getTime() - b.lastModified.getTime() || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0);
  }
}

/** Whether a name matches what the visitor typed in the filter (case- and accent-insensitive). */
export function matchesFilter(name: string, filter: string): boolean {
  const wanted = filter.trim();
  if (!wanted) return true;
  const fold = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  return fold(name).includes(fold(wanted));
}

/** The rows in the order shown: folders by name, then files in `order`, both filtered. */
export function arrange(folders: readonly FolderRow[], files: readonly FileRow[], order: Order, filter: string): Row[] {
  const compare = compareFiles(order.by);
  const sign = order.descending ? -1 : 1;
  const shownFolders = folders.filter((f) => matchesFilter(f.name, filter)).sort((a, b) => collator.compare(a.name, b.name));
  const shownFiles = files.filter((f) => matchesFilter(f.name, filter)).sort((a, b) => sign * compare(a, b));
  return [...shownFolders, ...shownFiles];
}

/** Raster image types a browser shows safely inline; anything else (SVG, HTML, …) is only ever downloaded. */
const INLINE_IMAGES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', bmp: 'image/bmp', avif: 'image/avif' };

/** Whether a content type is a raster image a browser shows safely inline. */
export function isRasterImage(type: string): boolean {
  return Object.values(INLINE_IMAGES).includes(type);
}

/** The raster image type of a name, or undefined when the file must not be shown inline. */
export function inlineImageType(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? INLINE_IMAGES[name.slice(dot + 1).toLowerCase()] : undefined;
}
