import { adoptStyles, html, LitElement, type CSSResult, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { AuthSession } from './controllers/auth-session.js';
import { Announcer } from './controllers/announcer.js';
import { Localization } from './controllers/localization.js';
import type { MessageOverrides } from './i18n/catalog.js';
import { ConfigController } from './controllers/config-controller.js';
import type { DropTarget } from './controllers/drop-target.js';
import { StorageAccess, type StorageMode } from './controllers/storage-access.js';
import type { FileBrowser } from './controllers/file-browser.js';
import type { UploadItem, UploadQueue } from './controllers/upload-queue.js';
import { createEvent, type DetailOf, type SecureUploaderEventName } from './events.js';
import { CONFIG_ATTRIBUTE_KEYS, CONFIG_ATTRIBUTES, type ConfigAttributeKey, type UploaderConfig } from './lib/config.js';
import { keepSessionOf } from './lib/keep-session.js';
import { parseSize } from './lib/sizes.js';
import { ACCESS_LEVELS, folderNames, normalizeFolder, visibleName, type AccessLevel } from './lib/keys.js';
import type { Message } from './messages.js';
import type { ErrorCode } from './transport/errors.js';
import { styles } from './secure-uploader.styles.js';
import type { ThumbnailMaker } from './thumbnails.js';
import { authScreen } from './views/auth-screens.js';
import { configProblems, guestScreen, loadingScreen, signedInScreen } from './views/screens.js';
import type { UploadLimits } from './views/upload-panel.js';

/** The configuration attributes (`region`, `user-pool-id`, …), from the one table in lib/config.ts. */
const configProperties = Object.fromEntries(CONFIG_ATTRIBUTE_KEYS.map((key) => [key, { type: String, attribute: CONFIG_ATTRIBUTES[key] }]));

// The configuration attributes' typed fields (lit defines their accessors at runtime).
export interface SecureUploaderElement extends Partial<Record<ConfigAttributeKey, string>> {}

/**
 * `<secure-uploader>`: sign-in with Amazon Cognito and uploads straight to the visitor's own
 * S3 prefix, with previews and progress; then the visitor's files, to download or delete.
 *
 * Configure it with `config="config.json"` or with the attributes below (attributes override
 * the file). This class only wires: controllers/ hold the state, views/ the templates.
 *
 * @fires su-signed-in - `{ email, identityId }` after sign-in (also when a kept session resumes)
 * @fires su-signed-out - after sign-out
 * @fires su-upload-start - `{ name, key, size }`
 * @fires su-upload-progress - `{ name, key, size, loaded }`
 * @fires su-upload-success - `{ name, key, size, etag }`, once per file
 * @fires su-upload-error - `{ name, key?, code, message }`: refused, failed or cancelled
 * @fires su-file-deleted - `{ key, name }`
 * @fires su-files-deleted - `{ keys, count, folder? }`: selected files or a whole folder, previews included
 * @fires su-folder-change - `{ path, prefix }`: the folder shown (`Trip/Day 1`, '' at the top)
 * @fires su-error - `{ code, message }`: configuration, sign-in and service errors
 * @csspart error - the box that explains what went wrong
 * @csspart removed - the list of files the server removed after upload (also an `error` part)
 * @csspart notice - neutral messages ("we emailed you a code")
 * @csspart status - short status text
 * @csspart dropzone - the area files are dropped on
 * @csspart thumbnail - image previews
 * @csspart file-icon - the icon shown for files that are not images
 * @csspart file - a stored file's row; `folder` a folder's
 * @csspart file-list - the scrolling list of stored files
 * @csspart breadcrumbs - the path of the folder shown
 * @csspart viewer - the image viewer dialog
 * @cssprop --su-color-text - text
 * @cssprop --su-color-surface - the element's background, and inputs'
 * @cssprop --su-color-border - borders of the element, inputs, buttons and rows
 * @cssprop --su-color-muted - secondary text: sizes, dates, hints
 * @cssprop --su-color-accent - primary buttons, focus rings, progress, checkboxes
 * @cssprop --su-color-link - link-style buttons
 * @cssprop --su-color-on-accent - text on primary buttons
 * @cssprop --su-color-button - other buttons' background
 * @cssprop --su-color-danger - errors and delete buttons
 * @cssprop --su-color-danger-surface - the background of errors
 * @cssprop --su-color-notice-surface - the background of notices
 * @cssprop --su-color-success - a password rule that is met
 * @cssprop --su-color-drag-surface - the drop zone while files are dragged over it
 * @cssprop --su-radius - corner radius
 * @cssprop --su-spacing - the element's padding
 * @cssprop --su-font-family - font
 * @cssprop --su-font-size - base font size
 * @cssprop --su-files-height - the file list's height before it scrolls (480px)
 */
export class SecureUploaderElement extends LitElement {
  static override styles = styles;

  static override properties = {
    config: { type: String },
    ...configProperties,
    accessLevel: { type: String, attribute: 'access-level' },
    path: { type: String },
    accept: { type: String },
    maxFileSize: { type: String, attribute: 'max-file-size' },
    maxFiles: { type: Number, attribute: 'max-files' },
    autoUpload: { type: Boolean, attribute: 'auto-upload' },
    keepSession: { type: String, attribute: 'keep-session' },
    messages: { attribute: false },
    theme: { type: String, reflect: true },
    headingLevel: { type: Number, attribute: 'heading-level' },
  };

  /** URL of a JSON file holding the configuration; attributes override its values. */
  declare config?: string;
  /** `private` (default: only the owner), `protected` (others may read) or `public`. */
  declare accessLevel?: string;
  /** A sub-folder under the access level, e.g. `invoices/2026`. */
  declare path?: string;
  /** Accepted types, as for `<input type=file>`: `image/*,.pdf`. Checked against content too. */
  declare accept?: string;
  /** Largest file: bytes, or `10MB`, `1.5GB`. */
  declare maxFileSize?: string;
  /** Most files waiting or uploading at once. */
  declare maxFiles?: number;
  /** Upload as soon as files are added; otherwise an Upload button starts them. */
  declare autoUpload: boolean;
  /**
   * Where the sign-in is kept: `memory` (until reload), `tab` (default: this tab, across
   * reloads) or `browser` (every tab, until sign-out or the refresh token expires).
   */
  declare keepSession?: string;
  /**
   * Your own words for any of the element's: `{ auth: { signIn: 'Log in' } }`, group by group
   * (see `Catalog` in i18n/catalog.ts). The language comes from `lang` on the element or an ancestor.
   */
  declare messages?: MessageOverrides;
  /** `light`, `dark`, or `auto` (the default: the visitor's preference). Every colour is a `--su-color-*` property. */
  declare theme?: 'light' | 'dark' | 'auto';
  /** The level of the element's headings, to fit the page's outline: 2 (under the page's h1) by default. */
  declare headingLevel?: number;

  /** The language: the element's `lang` or its nearest ancestor's, and the page's `messages`. */
  private readonly i18n = new Localization(this);
  private readonly announcer = new Announcer(this);
  /** The screen last rendered, and whether focus was inside the element before this render. */
  private shownView?: string;
  private focusWasInside = false;
  /** The visitor put focus in the element and has not moved it to something else on the page. */
  private focusWithin = false;
  /** Files started within a moment of each other, announced as one batch. */
  private startedBatch = 0;
  private startedTimer?: ReturnType<typeof setTimeout>;

  private readonly configuration = new ConfigController(this, ({ config, status, problems }) => {
    this.configureAuth(config);
    if (status === 'invalid') this.fire('su-error', { code: 'config-invalid', message: `${this.i18n.t.screens.configProblems} ${problems.join('; ')}` });
  });

  private readonly auth = new AuthSession(this, {
    signedIn: () => this.openStorage('user'),
    signedOut: () => {
      this.storage.close();
      this.fire('su-signed-out', {});
    },
    failed: (code, message) => this.fail(code, message),
  });

  private readonly storage = new StorageAccess(this, {
    opened: (session, mode) => {
      void this.loadUploads()
        .then(({ queue }) => {
          if (this.storage.session === session) queue.setStorage(mode === 'user' ? { client: session.storage, ownFolder: (level) => this.storage.ownFolder(level) } : undefined);
        })
        .catch(() => undefined);
      void this.showFiles().catch(() => undefined);
      if (mode === 'user') this.fire('su-signed-in', { email: this.auth.email, identityId: session.identityId });
    },
    closed: () => {
      this.uploads?.queue.setStorage(undefined);
      this.browser?.files.setStorage(undefined);
    },
    failed: (code, message) => this.fail(code, message),
  });

  /** The file browser, once its chunk has loaded (see loadBrowser). */
  private browser?: { ui: typeof import('./file-browser.js'); files: FileBrowser };
  private browserLoading?: Promise<NonNullable<SecureUploaderElement['browser']>>;

  /** The upload panel, once its chunk has loaded (see loadUploads). */
  private uploads?: { ui: typeof import('./uploads.js'); queue: UploadQueue; drop: DropTarget };
  private uploadsLoading?: Promise<NonNullable<SecureUploaderElement['uploads']>>;
  /** Thumbnails for the queue and the file list, made in a worker; created by whichever loads first. */
  private thumbnails?: ThumbnailMaker;
  private filesStylesAdopted = false;

  constructor() {
    super();
    this.autoUpload = false;
    // The Cognito library loads when the visitor reaches for the element (unless a kept
    // session needs it at once): a page whose visitors never sign in never downloads it.
    const reaching = () => {
      if (this.auth.status === 'signed-out') void this.auth.prepare().catch(() => undefined);
    };
    for (const type of ['focusin', 'pointerenter', 'pointerdown']) this.addEventListener(type, reaching, { passive: true });
    this.addEventListener('focusin', () => (this.focusWithin = true));
    this.addEventListener('focusout', (event) => {
      const to = event.relatedTarget;
      if (to instanceof Node && !this.contains(to) && !this.shadowRoot?.contains(to)) this.focusWithin = false;
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.thumbnails?.dispose();
  }

  /** Adds the signed-in parts' styles (they come with the upload panel's and file browser's chunks). */
  private adoptFilesStyles(extra: CSSResult): void {
    const elementStyles = (this.constructor as typeof LitElement).elementStyles;
    if (this.filesStylesAdopted || !(this.renderRoot instanceof ShadowRoot)) return;
    this.filesStylesAdopted = true;
    adoptStyles(this.renderRoot, [...elementStyles, extra]);
  }

  /** The thumbnail maker, loaded with the first chunk that needs it. */
  private async thumbnailMaker(): Promise<ThumbnailMaker> {
    const { ThumbnailMaker } = await import('./thumbnails.js');
    return (this.thumbnails ??= new ThumbnailMaker());
  }

  /** Loads the upload panel's chunk once; a failed load is tried again the next time. */
  private loadUploads() {
    this.uploadsLoading ??= Promise.all([import('./uploads.js'), this.thumbnailMaker(), this.i18n.loadFiles()]).then(
      ([ui, thumbnails]) => {
        const queue = new ui.UploadQueue(this, () => ({ ...this.limits, autoUpload: this.autoUpload, level: this.level, folder: normalizeFolder(this.path) + (this.browser?.files.list.folder ?? '') }), {
          start: (item) => {
            this.fire('su-upload-start', uploadDetail(item));
            this.startedBatch++;
            clearTimeout(this.startedTimer);
            this.startedTimer = setTimeout(() => this.announceStarted(), 200);
          },
          progress: (item) => this.fire('su-upload-progress', { ...uploadDetail(item), loaded: item.loaded }),
          success: (item) => {
            this.fire('su-upload-success', { ...uploadDetail(item), etag: item.etag ?? '' });
            this.announceStarted();
            this.announcer.announce(this.i18n.t.upload.finished(visibleName(item.file.name)));
            // Shown at once from what the queue knows; the folder is not listed again.
            void Promise.resolve(item.preview).catch(() => undefined).then((preview) => this.browser?.files.added({ key: item.key!, size: item.file.size, lastModified: new Date(), etag: item.etag ?? '' }, preview));
          },
          failure: (item, code) => {
            const message = item.message?.(this.i18n.t) ?? '';
            this.fire('su-upload-error', { name: item.file.name, key: item.key, code, message });
            this.announceStarted();
            this.announcer.announce(this.i18n.t.upload.failedName(visibleName(item.file.name), message));
          },
        }, thumbnails);
        const drop = new ui.DropTarget(this, () => this.auth.status === 'signed-in' && this.storage.status === 'open', (files) => void queue.add(files));
        this.adoptFilesStyles(ui.filesStyles);
        this.requestUpdate();
        return (this.uploads = { ui, queue, drop });
      },
      (error: unknown) => {
        this.uploadsLoading = undefined;
        this.fire('su-error', { code: 'network', message: this.i18n.t.errors.network });
        throw error;
      },
    );
    return this.uploadsLoading;
  }

  private get level(): AccessLevel {
    return (ACCESS_LEVELS as readonly string[]).includes(this.accessLevel ?? '') ? (this.accessLevel as AccessLevel) : 'private';
  }

  /** Points sign-in at the configured user pool, keeping sessions where `keep-session` says. */
  private configureAuth(config: UploaderConfig | undefined): void {
    this.auth.configure(config && { userPoolId: config.userPoolId, userPoolClientId: config.userPoolClientId, endpoint: config.endpoint, keepSession: keepSessionOf(this.keepSession) });
  }

  /** The limits files are checked against before upload: the attributes, within the server's. */
  private get limits(): UploadLimits {
    const server = this.configuration.config?.limits?.maxObjectBytes;
    const own = parseSize(this.maxFileSize);
    return { accept: this.accept, maxFileSize: own === undefined || (server !== undefined && server < own) ? server : own, maxFiles: this.maxFiles };
  }

  /** Files started together are announced as one batch, before anything about them. */
  private announceStarted() {
    clearTimeout(this.startedTimer);
    if (this.startedBatch > 0) this.announcer.announce(this.i18n.t.upload.started(this.startedBatch));
    this.startedBatch = 0;
  }

  /** A failure: said to the page (`su-error`) and to screen readers. */
  private fail(code: ErrorCode, message: Message) {
    const text = message(this.i18n.t);
    this.fire('su-error', { code, message: text });
    this.announcer.announce(text);
  }

  private fire<N extends SecureUploaderEventName>(name: N, detail: DetailOf<N>) {
    this.dispatchEvent(createEvent(name, detail));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Only configuration attributes can change the configuration; progress re-renders skip this.
    if (!this.hasUpdated || changed.has('config') || CONFIG_ATTRIBUTE_KEYS.some((key) => changed.has(key))) {
      this.configuration.update({ url: this.config, attributes: Object.fromEntries(CONFIG_ATTRIBUTE_KEYS.map((key) => [key, this[key]])) });
    }
    if (changed.has('keepSession') && this.hasUpdated) this.configureAuth(this.configuration.config);
    if (changed.has('messages')) this.i18n.setOverrides(this.messages);
    if (changed.has('accessLevel') || changed.has('path')) void this.showFiles().catch(() => undefined);
  }

  private openStorage(mode: StorageMode) {
    const config = this.configuration.config;
    if (!config) return;
    void this.loadBrowser().catch(() => undefined); // beside the credentials, not after them
    void this.storage.open(config, mode, this.auth.idToken);
  }

  /** Loads the file browser's chunk once; a failed load is tried again the next time. */
  private loadBrowser() {
    this.browserLoading ??= Promise.all([import('./file-browser.js'), this.thumbnailMaker(), this.i18n.loadFiles()]).then(
      ([ui, thumbnails]) => {
        const files = new ui.FileBrowser(this, thumbnails, {
          folderChanged: (folder, prefix) => this.fire('su-folder-change', { path: folderNames(folder).join('/'), prefix }),
          deleted: (file) => {
            this.fire('su-file-deleted', { key: file.key, name: file.name });
            this.announcer.announce(this.i18n.t.files.deleted(file.name));
          },
          bulkDeleted: (keys, folder) => this.fire('su-files-deleted', { keys, count: keys.length, ...(folder ? { folder: folder.prefix } : {}) }),
          failed: (code, message) => this.fail(code, message),
          announce: (text) => this.announcer.announce(text(this.i18n.t)),
        });
        this.adoptFilesStyles(ui.filesStyles);
        return (this.browser = { ui, files });
      },
      (error: unknown) => {
        this.browserLoading = undefined;
        this.fire('su-error', { code: 'network', message: this.i18n.t.errors.network });
        throw error;
      },
    );
    return this.browserLoading;
  }

  /** Points the file list at the folder that the access level, path and mode select. */
  private async showFiles() {
    const session = this.storage.session;
    const prefix = this.storage.filesPrefix(this.level, normalizeFolder(this.path));
    if (!session || prefix === undefined) return;
    const { files } = await this.loadBrowser();
    if (this.storage.session !== session) return;
    const ownerFolder = this.storage.mode === 'user' ? this.storage.ownFolder(this.level) : undefined;
    files.setStorage({ client: session.storage, base: prefix, ownerFolder });
  }

  protected override render() {
    // The content carries the language and its direction: an Arabic element on an English page is right to left.
    return html`<div class="root" lang=${this.i18n.tag} dir=${this.i18n.dir}>
      ${this.screen()}
      <div class="visually-hidden" part="announcer" role="log" aria-live="polite">
        ${repeat(this.announcer.lines, (line) => line.id, (line) => html`<p>${line.text}</p>`)}
      </div>
    </div>`;
  }

  /** Which screen shows: when it changes, focus moves to it (see `updated`). */
  private get view(): string {
    // The upload panel arriving (its own chunk) completes the signed-in screen: focus goes to it then.
    return this.storage.mode === 'guest' && this.storage.status === 'open' ? 'guest' : `${this.auth.status}/${this.auth.screen}/${this.storage.status}/${this.uploads ? 'ready' : 'loading'}`;
  }

  protected override update(changed: PropertyValues<this>): void {
    // Focus dropped on <body> by a button this element removed or disabled still counts as
    // ours; focus the visitor never gave us (a page that just loaded) does not.
    this.focusWasInside = Boolean(this.shadowRoot?.activeElement) || (this.focusWithin && document.activeElement === document.body);
    super.update(changed);
  }

  /**
   * On a new screen, focus goes to its first field, else its first button, else its heading, so
   * a keyboard or screen-reader user is never left on <body>; only when focus was with us.
   */
  protected override updated(): void {
    const view = this.view;
    if (this.shownView !== undefined && view !== this.shownView && this.focusWasInside) {
      const root = this.shadowRoot!;
      const target = root.querySelector<HTMLElement>('form input') ?? root.querySelector<HTMLElement>('[part~="choose-button"]') ?? root.querySelector<HTMLElement>('.heading');
      target?.focus();
    }
    this.shownView = view;
  }

  private screen() {
    const { t, format } = this.i18n;
    const level = this.headingLevel ?? 2;
    const { status, config, problems } = this.configuration;
    if (status === 'loading') return loadingScreen(t);
    if (status === 'invalid' || !config) return configProblems(t, problems);
    const browser = this.browser;
    const uploads = this.uploads;
    const files = (mode: StorageMode) =>
      browser
        ? html`${browser.ui.storedFiles({ t, f: format, level }, browser.files, mode, config.limits)} ${browser.ui.viewerDialog(t, level, browser.files)}`
        : html`<p class="muted" part="status">${t.files.loadingFiles}</p>`;
    if (this.storage.mode === 'guest' && this.storage.status === 'open') {
      return guestScreen(t, () => {
        this.storage.close();
        this.auth.show('sign-in');
      }, files('guest'));
    }
    switch (this.auth.status) {
      case 'starting':
        return loadingScreen(t);
      case 'signed-out':
        return authScreen(this.auth, { t, level, config, continueAsGuest: () => this.openStorage('guest') });
      case 'signed-in':
        return signedInScreen({
          t,
          email: this.auth.email,
          storage: this.storage,
          signOut: () => void this.auth.signOut(),
          retryStorage: () => this.openStorage('user'),
          content: () =>
            uploads
              ? html`${uploads.ui.dropZone(t, uploads.drop, this.limits, (picked) => void uploads.queue.add(picked))} ${uploads.ui.uploadQueue(t, format, uploads.queue, this.autoUpload)} ${files('user')}`
              : html`<p part="status" role="status">${t.screens.openingFiles}</p>`,
        });
    }
  }
}

function uploadDetail(item: UploadItem) {
  return { name: item.file.name, key: item.key ?? '', size: item.file.size };
}
