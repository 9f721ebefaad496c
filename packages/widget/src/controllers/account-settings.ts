import type { ReactiveControllerHost } from 'lit';
import { fire, sayFailure, type DetailOf, type ElementVoice, type SecureUploaderEventName } from '../events.js';
import { ACCESS_LEVELS, ownerPrefix, PREVIEWS_FOLDER, REJECTED_FOLDER, sharedPrefix } from '../lib/keys.js';
import { errorMessage, type Message } from '../messages.js';
import { errorCode, UploaderError, type ServiceErrorCode } from '../transport/errors.js';
import type { FileStorage } from '../transport/s3.js';
import type { UserPoolClient } from '../transport/user-pool.js';
import type { AuthSession } from './auth-session.js';
import { keysUnder } from './file-deletion.js';
import type { UploadQueue } from './upload-queue.js';
import type { StorageAccess } from './storage-access.js';

/** What the account screen shows: its overview, or one of the forms it opens. */
export type AccountPanel = 'overview' | 'app-setup' | 'app-off' | 'password' | 'delete';

/** What deleting an account removed: the visitor's files, and every object in all (previews and records too). */
export interface AccountDeletion {
  files: number;
  objects: number;
}

/** The storage the account's files are in: its client and the identity's own folder at every level. */
export interface AccountStorage {
  client: Pick<FileStorage, 'listPage' | 'deleteMany'>;
  folders: string[];
}

/** What the account screen works with: the element's own controllers and words. */
export interface AccountContext extends ElementVoice {
  element: ReactiveControllerHost & HTMLElement;
  auth: AuthSession;
  storage: StorageAccess;
  /** This element's upload queue, once loaded: its uploads stop before the files are deleted. */
  uploads(): Pick<UploadQueue, 'items' | 'cancel'> | undefined;
}

/**
 * A failure of an authenticator app's code: Cognito says CodeMismatch for a wrong code and
 * ExpiredCode for one already used, which mean something else than for an emailed code.
 */
export const appCodeMessage =
  (code: ServiceErrorCode): Message =>
  (t) =>
    code === 'wrong-code' ? t.account.wrongAppCode : code === 'expired-code' ? t.account.usedAppCode : errorMessage(code)(t);

/** Most rounds of listing and deleting: an upload finishing in another tab meanwhile is caught by the next. */
const DELETE_ROUNDS = 3;

/**
 * The signed-in visitor's account: two-step sign-in with an authenticator app (on, with a QR
 * code and a first code; off, proving password and code again), a new password, signing out on
 * every device, and deleting the account: every object under the identity at every level, in
 * DeleteObjects batches with progress, and only then the user.
 */
export class AccountSettings {
  panel: AccountPanel = 'overview';
  /** Whether sign-in asks for an app's code; undefined until the user pool has said. */
  appCode?: boolean;
  /** The secret of the app being set up (panel `app-setup`). */
  secret?: string;
  busy = false;
  error?: Message;
  notice?: Message;
  /** A deletion under way: objects deleted, of `total` (unknown while the files are being found). */
  deletion?: { done: number; total?: number };
  /** The password typed on the change-password form, for its rules. */
  passwordDraft = '';

  private readonly host: ReactiveControllerHost;

  constructor(private readonly context: AccountContext) {
    this.host = context.element;
  }

  /** Shows the overview and asks the user pool whether two-step sign-in is on. */
  open(): Promise<void> {
    this.show('overview');
    return this.run(async (client) => {
      this.appCode = await client.appCodeEnabled();
    });
  }

  show(panel: AccountPanel): void {
    this.panel = panel;
    this.error = undefined;
    this.passwordDraft = '';
    if (panel !== 'overview') this.notice = undefined;
    if (panel !== 'app-setup') this.secret = undefined;
    this.host.requestUpdate();
  }

  typePassword(password: string): void {
    this.passwordDraft = password;
    this.host.requestUpdate();
  }

  /** Starts adding an authenticator app: a new secret, shown as a QR code and as text. */
  startAppSetup = () =>
    this.run(async (client) => {
      const secret = await client.newAppSecret();
      this.show('app-setup');
      this.secret = secret;
    });

  confirmAppSetup = (code: string) =>
    this.run(async (client) => {
      await client.turnOnAppCode(code);
      this.appCode = true;
      this.done((t) => t.account.appTurnedOn);
      this.fire('su-mfa-changed', { enabled: true });
    }, appCodeMessage);

  turnOffAppCode = (password: string, code: string) =>
    this.run(async (client) => {
      await client.turnOffAppCode(this.context.auth.email, password, code);
      this.appCode = false;
      this.done((t) => t.account.appTurnedOff);
      this.fire('su-mfa-changed', { enabled: false });
    }, appCodeMessage);

  changePassword = (previous: string, proposed: string) =>
    this.run(async (client) => {
      await client.changePassword(previous, proposed);
      this.done((t) => t.account.passwordChanged);
      this.fire('su-password-changed', {});
    });

  signOutEverywhere = () =>
    this.run(async (client) => {
      await client.signOutEverywhere();
      this.fire('su-signed-out-everywhere', {});
      this.ended((t) => t.account.signedOutEverywhere);
    });

  /**
   * Deletes the account once the visitor typed their email: the files first (the user's
   * credentials are needed for them), then the user. A failure stops before the user is
   * deleted, so nothing is left without an account to reach it.
   */
  deleteAccount = (typed: string) =>
    this.run(async (client) => {
      const { auth, storage } = this.context;
      const email = auth.email;
      if (typed.trim().toLowerCase() !== email.trim().toLowerCase()) {
        this.error = (t) => t.account.typeEmailExactly;
        return;
      }
      const session = storage.session;
      if (!session || storage.mode !== 'user') throw new UploaderError('credentials-failed', 'storage is not open');
      // Cancelled, not detached: unfinished multipart uploads are aborted, and the queue still works if the deletion fails.
      const queue = this.context.uploads();
      for (const item of queue?.items ?? []) queue!.cancel(item);
      this.deletion = { done: 0 };
      this.announce((t) => t.account.deletingFiles);
      // Every level's own folder; Amplify Gen 1's shared public/ belongs to nobody.
      const folders = ACCESS_LEVELS.map((level) => storage.ownFolder(level)).filter((folder) => !ACCESS_LEVELS.some((level) => folder === sharedPrefix(level)));
      const { files, objects } = await this.deleteEverything({ client: session.storage, folders });
      await client.deleteUser();
      this.fire('su-account-deleted', { email, identityId: session.identityId, files, objects });
      this.ended((t) => t.account.accountDeleted(files));
    }, (code) => (t) => t.account.deleteStopped(errorMessage(code)(t)));

  /** Lists and deletes everything under the identity's folders until a listing finds nothing. */
  private async deleteEverything({ client, folders }: AccountStorage): Promise<AccountDeletion> {
    const result: AccountDeletion = { files: 0, objects: 0 };
    for (let round = 0; round < DELETE_ROUNDS; round++) {
      const keys: string[] = [];
      for (const folder of folders) keys.push(...(await keysUnder(client, folder)));
      if (keys.length === 0) return result;
      const progress = (this.deletion = { done: 0, total: keys.length });
      this.host.requestUpdate();
      const refused = await client.deleteMany(keys, {
        onProgress: (done) => {
          progress.done = done;
          this.host.requestUpdate();
        },
      });
      if (refused.length > 0) throw new UploaderError('access-denied', `S3 refused to delete ${refused.length} objects`);
      result.objects += keys.length;
      result.files += keys.filter(isVisitorsFile).length;
    }
    throw new UploaderError('delete-failed', 'files kept appearing while the account was being deleted');
  }

  private done(notice: Message) {
    this.show('overview');
    this.notice = notice;
    this.announce(notice);
  }

  /** The session is over (everywhere, or with the account): the sign-in screen says why. */
  private ended(notice: Message) {
    this.show('overview');
    this.context.auth.ended(notice);
    this.announce(notice);
  }

  private announce(message: Message) {
    this.context.announcer.announce(message(this.context.words()));
  }

  private fire<N extends SecureUploaderEventName>(name: N, detail: DetailOf<N>) {
    fire(this.context, name, detail);
  }

  private async run(action: (client: UserPoolClient) => Promise<void>, words: (code: ServiceErrorCode) => Message = errorMessage): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = undefined;
    this.host.requestUpdate();
    try {
      await action(await this.context.auth.prepare());
    } catch (error) {
      const code = errorCode(error, 'auth-failed');
      this.error = words(code);
      sayFailure(this.context, code, this.error);
    } finally {
      this.busy = false;
      this.deletion = undefined;
      this.host.requestUpdate();
    }
  }
}

/** A file the visitor stored, not a folder marker, nor a preview or removal record kept beside the files. */
function isVisitorsFile(key: string): boolean {
  const owner = ownerPrefix(key) ?? '';
  return !key.endsWith('/') && ![PREVIEWS_FOLDER, REJECTED_FOLDER].some((hidden) => key.startsWith(owner + hidden));
}
