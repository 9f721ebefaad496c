/**
 * Every event the element fires, declared once with its detail type. All bubble and are
 * composed, so a page can listen on the element or any ancestor.
 */

import type { Announcer } from './controllers/announcer.js';
import type { Catalog } from './i18n/catalog.js';
import type { Message } from './messages.js';
import type { ErrorCode } from './transport/errors.js';

export interface SuErrorDetail {
  /** Stable machine-readable code, e.g. `config-invalid`, `network`, `too-large`. */
  code: ErrorCode;
  /** Plain-words message, as shown in the element. */
  message: string;
}

export interface SuSignedInDetail {
  email: string;
  /** The identity pool's id for the user (`region:uuid`); files live under it. */
  identityId: string;
}

export interface SuUploadDetail {
  /** The file's name as the user chose it. */
  name: string;
  /** The object key it is uploaded to. */
  key: string;
  size: number;
}

export interface SuUploadProgressDetail extends SuUploadDetail {
  loaded: number;
}

export interface SuUploadSuccessDetail extends SuUploadDetail {
  etag: string;
  /** The CRC-32C of the whole stored file (base64, as S3 writes it), which S3 verified; absent with `checksum="off"`. */
  crc32c?: string;
}

export interface SuUploadErrorDetail extends SuErrorDetail {
  name: string;
  key?: string;
}

export interface SuFileDeletedDetail {
  key: string;
  name: string;
}

export interface SuFilesDeletedDetail {
  /** Every key removed, the stored previews of the files included. */
  keys: string[];
  count: number;
  /** The folder's prefix, when a whole folder was deleted. */
  folder?: string;
}

export interface SuFolderChangeDetail {
  /** The folder shown, by its names (`Trip/Day 1`), '' at the top. */
  path: string;
  /** Its key prefix. */
  prefix: string;
}

export interface SuMfaChangedDetail {
  /** Whether signing in now asks for a code from an authenticator app. */
  enabled: boolean;
}

export interface SuAccountDeletedDetail {
  email: string;
  identityId: string;
  /** The files the visitor had stored, at every level. */
  files: number;
  /** Every object deleted: the files, their previews and the server's removal records. */
  objects: number;
}

export interface SecureUploaderEventMap {
  'su-error': CustomEvent<SuErrorDetail>;
  'su-signed-in': CustomEvent<SuSignedInDetail>;
  'su-signed-out': CustomEvent<Record<string, never>>;
  'su-upload-start': CustomEvent<SuUploadDetail>;
  'su-upload-progress': CustomEvent<SuUploadProgressDetail>;
  'su-upload-success': CustomEvent<SuUploadSuccessDetail>;
  'su-upload-error': CustomEvent<SuUploadErrorDetail>;
  'su-file-deleted': CustomEvent<SuFileDeletedDetail>;
  'su-files-deleted': CustomEvent<SuFilesDeletedDetail>;
  'su-folder-change': CustomEvent<SuFolderChangeDetail>;
  'su-mfa-changed': CustomEvent<SuMfaChangedDetail>;
  'su-password-changed': CustomEvent<Record<string, never>>;
  'su-signed-out-everywhere': CustomEvent<Record<string, never>>;
  'su-account-deleted': CustomEvent<SuAccountDeletedDetail>;
}

export type SecureUploaderEventName = keyof SecureUploaderEventMap;

export type DetailOf<N extends SecureUploaderEventName> = SecureUploaderEventMap[N] extends CustomEvent<infer D> ? D : never;

/** Creates one of our events with the right detail type and the bubbling/composed flags. */
export function createEvent<N extends SecureUploaderEventName>(name: N, detail: DetailOf<N>, cancelable = false): CustomEvent<DetailOf<N>> {
  return new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable });
}

/** The element's voice: its events, its live region, and its words in the language now. */
export interface ElementVoice {
  element: HTMLElement;
  announcer: Announcer;
  words(): Catalog;
}

export function fire<N extends SecureUploaderEventName>(voice: ElementVoice, name: N, detail: DetailOf<N>): void {
  voice.element.dispatchEvent(createEvent(name, detail));
}

/** A failure: said to the page (`su-error`) and to screen readers. */
export function sayFailure(voice: ElementVoice, code: ErrorCode, message: Message): void {
  const text = message(voice.words());
  fire(voice, 'su-error', { code, message: text });
  voice.announcer.announce(text);
}
