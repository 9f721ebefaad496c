import type { ReactiveControllerHost } from 'lit';
import type { UploaderConfig } from '../lib/config.js';
import { levelPrefix, sharedPrefix, type AccessLevel, type StorageLayout } from '../lib/keys.js';
import { LatestCall } from '../lib/latest-call.js';
import { errorMessage, type Message } from '../messages.js';
import { errorCode, type ServiceErrorCode } from '../transport/errors.js';
import type { StorageSession } from '../transport/storage-session.js';

/** Whose files: a signed-in user's own, or a guest's read-only view of `public/`. */
export type StorageMode = 'user' | 'guest';
export type StorageStatus = 'closed' | 'opening' | 'open' | 'failed';

export interface StorageAccessEvents {
  opened(session: StorageSession, mode: StorageMode): void;
  closed(): void;
  failed(code: ServiceErrorCode, message: Message): void;
}

/**
 * The credentials step: exchanges the sign-in (or nothing, for a guest) for identity-pool
 * credentials and an S3 client, loading that code with import() so a page pays for the S3 and
 * identity-pool SDKs only once somebody signs in. The latest open wins: signing out or
 * switching mode while credentials are on their way drops the late answer. It has no
 * lifecycle hooks: credentials on their way still arrive when the element is moved in the page.
 */
export class StorageAccess {
  status: StorageStatus = 'closed';
  mode: StorageMode = 'user';
  session?: StorageSession;
  /** Why opening failed, in words for the user. */
  error?: Message;
  /** Where the stack keeps each level's files (from the config). */
  private layout: StorageLayout = 'identity-folders';
  private readonly opening = new LatestCall();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly events: StorageAccessEvents,
  ) {}

  /** `idToken` gives the signed-in user's current id token; a guest has none. */
  async open(config: UploaderConfig, mode: StorageMode, idToken: () => Promise<string | undefined>): Promise<void> {
    const signal = this.opening.begin();
    this.status = 'opening';
    this.error = undefined;
    this.host.requestUpdate();
    try {
      const { createStorageSession } = await import('../transport/storage-session.js');
      const session = await createStorageSession(config, mode === 'guest' ? async () => undefined : idToken);
      if (signal.aborted) return;
      this.opening.finish(signal);
      this.session = session;
      this.layout = config.storageLayout ?? 'identity-folders';
      this.mode = mode;
      this.status = 'open';
      this.host.requestUpdate();
      this.events.opened(session, mode);
    } catch (error) {
      if (signal.aborted) return;
      const code = errorCode(error, 'credentials-failed');
      this.status = 'failed';
      this.error = errorMessage(code);
      this.host.requestUpdate();
      this.events.failed(code, this.error);
    }
  }

  /** Forgets the credentials (sign-out, or a guest leaving). */
  close(): void {
    this.opening.cancel();
    this.session?.credentials.clear();
    this.session = undefined;
    this.mode = 'user';
    this.status = 'closed';
    this.error = undefined;
    this.host.requestUpdate();
    this.events.closed();
  }

  /**
   * The folder the file list shows: the user's own folder at the level asked for; guests
   * browse everyone's `public/` (with identity folders, one folder per uploader).
   */
  filesPrefix(level: AccessLevel, folder: string): string | undefined {
    if (!this.session) return undefined;
    return `${this.mode === 'guest' ? sharedPrefix('public') : this.ownFolder(level)}${folder}`;
  }

  /** The signed-in user's own folder at a level, where uploads go. */
  ownFolder(level: AccessLevel): string {
    if (!this.session) throw new Error('no storage session');
    return levelPrefix(level, this.session.identityId, this.layout);
  }
}
