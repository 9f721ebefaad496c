/**
 * Files the backend removed after upload because they broke a server-side limit (the stack's
 * largest object or an identity's quota). The backend leaves a record at
 * `{owner folder}.rejected/{reason}/{rest of the key}`, so one listing tells the element which
 * files went and why, without reading the records. Pure: every rule is a table test.
 */
import { ownerPrefix, readKey, REJECTED_FOLDER } from './keys.js';

export type RejectionReason = 'too-large' | 'over-quota';
const REASONS: readonly RejectionReason[] = ['too-large', 'over-quota'];

/** Where the record of a removed file is kept. */
export function rejectionKey(key: string, reason: RejectionReason): string | undefined {
  const owner = ownerPrefix(key);
  return owner === undefined ? undefined : `${owner}${REJECTED_FOLDER}${reason}/${key.slice(owner.length)}`;
}

/** The folder of an owner's records, for listing them. */
export const rejectionsPrefix = (ownerFolder: string): string => `${ownerFolder}${REJECTED_FOLDER}`;

export interface RejectionRecord {
  /** The record's own key (deleting it dismisses the notice). */
  recordKey: string;
  reason: RejectionReason;
  /** The removed file's key. */
  key: string;
  /** The removed file's name, as it may be shown. */
  name: string;
}

/** What a record's key says; undefined for anything else. */
export function readRejection(recordKey: string): RejectionRecord | undefined {
  const owner = ownerPrefix(recordKey);
  if (owner === undefined || !recordKey.startsWith(`${owner}${REJECTED_FOLDER}`)) return undefined;
  const rest = recordKey.slice(owner.length + REJECTED_FOLDER.length);
  const reason = rest.slice(0, rest.indexOf('/')) as RejectionReason;
  if (!REASONS.includes(reason)) return undefined;
  const removed = rest.slice(reason.length + 1);
  return { recordKey, reason, key: `${owner}${removed}`, name: readKey(removed).name };
}
