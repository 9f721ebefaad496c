/**
 * Server-side limits on what visitors store: the largest object and each identity's total. The
 * browser checks `max-file-size` too, but anyone holding credentials can call S3 directly, so
 * the stack enforces them after the fact: an S3 event runs `enforceLimits` for every new object
 * (in a Lambda on AWS, in-process in the local backend), which removes an offending object and
 * leaves a record the element shows its owner. Pure apart from the `LimitStore` it is given.
 */
import { ownerPrefix, PREVIEWS_FOLDER, previewKey, REJECTED_FOLDER } from '../../../widget/src/lib/keys.js';
import { rejectionKey, type RejectionReason } from '../../../widget/src/lib/rejections.js';

export interface LimitSettings {
  /** Largest object, in bytes. */
  maxObjectBytes: number;
  /** Most bytes one identity may keep across its folders at every level. */
  quotaBytes: number;
}

/** The Lambda's environment variables holding the settings (the construct sets them, the local backend reads them). */
export const LIMIT_ENV = { maxObjectBytes: 'MAX_OBJECT_BYTES', quotaBytes: 'QUOTA_BYTES' } as const;

/** What the limit check needs from the bucket. */
export interface LimitStore {
  /** Sum of the sizes of every object under the prefixes. */
  usage(prefixes: readonly string[]): Promise<number>;
  /** Removes the object (the given version, so nothing is left to bill), if it exists. */
  remove(key: string, versionId?: string): Promise<void>;
  /** Writes a small JSON record. */
  record(key: string, body: string): Promise<void>;
}

/** One new object, as the S3 event describes it. */
export interface CreatedObject {
  key: string;
  size: number;
  versionId?: string;
}

export interface Rejection {
  key: string;
  reason: RejectionReason;
  /** Where the record was written ('' for a preview, which gets none). */
  recordKey: string;
}

const LEVELS = ['private', 'protected', 'public'] as const;
/** `{level}/{identity id}/`: identity ids are `region:uuid`. */
const IDENTITY_FOLDER = /^(?:private|protected|public)\/([a-z]{2}(?:-[a-z]+)+-\d:[0-9a-f-]{36})\//;

/** The identity whose folder holds the key, if any (keys in Amplify Gen 1's shared public/ have none). */
export function identityOf(key: string): string | undefined {
  return IDENTITY_FOLDER.exec(key)?.[1];
}

/** The first setting that cannot work, and why. */
export function validateLimitSettings(settings: LimitSettings): { setting: keyof LimitSettings; detail: string } | undefined {
  for (const setting of ['maxObjectBytes', 'quotaBytes'] as const) {
    const value = settings[setting];
    if (!Number.isSafeInteger(value) || value < 1) return { setting, detail: `must be a whole number of bytes above 0, got ${value}` };
  }
  return undefined;
}

/**
 * Removes a new object that breaks a limit, with its stored preview, and records why under the
 * owner's folder. Records themselves, and objects outside the element's folders, are left alone.
 */
export async function enforceLimits(store: LimitStore, created: CreatedObject, settings: LimitSettings): Promise<Rejection | undefined> {
  const owner = ownerPrefix(created.key);
  if (owner === undefined || created.key.startsWith(`${owner}${REJECTED_FOLDER}`)) return undefined;
  let reason: RejectionReason | undefined;
  let usage: number | undefined;
  if (created.size > settings.maxObjectBytes) reason = 'too-large';
  else {
    const identity = identityOf(created.key);
    if (identity !== undefined) {
      usage = await store.usage(LEVELS.map((level) => `${level}/${identity}/`));
      if (usage > settings.quotaBytes) reason = 'over-quota';
    }
  }
  if (reason === undefined) return undefined;
  await store.remove(created.key, created.versionId);
  // A preview goes quietly: its file is checked on its own.
  if (created.key.startsWith(`${owner}${PREVIEWS_FOLDER}`)) return { key: created.key, reason, recordKey: '' };
  const preview = previewKey(created.key);
  if (preview !== undefined) await store.remove(preview);
  const recordKey = rejectionKey(created.key, reason)!;
  await store.record(
    recordKey,
    JSON.stringify({ key: created.key, reason, size: created.size, maxObjectBytes: settings.maxObjectBytes, quotaBytes: settings.quotaBytes, usageBytes: usage, at: new Date().toISOString() }),
  );
  return { key: created.key, reason, recordKey };
}
