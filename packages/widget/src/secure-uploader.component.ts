import { adoptStyles, html, LitElement, type CSSResult, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { AccountSettings } from './controllers/account-settings.js';
import { AuthSession, isAccountScreen } from './controllers/auth-session.js';
import { Announcer } from './controllers/announcer.js';
import { Localization } from './controllers/localization.js';
import type { MessageOverrides } from './i18n/catalog.js';
import { ConfigController } from './controllers/config-controller.js';
import type { DropTarget } from './controllers/drop-target.js';
import { StorageAccess, type StorageMode } from './controllers/storage-access.js';
import type { FileBrowser } from './controllers/file-browser.js';
import type { UploadQueue } from './controllers/upload-queue.js';
import { fire, sayFailure, type DetailOf, type SecureUploaderEventName } from './events.js';
import { CONFIG_ATTRIBUTE_KEYS, CONFIG_ATTRIBUTES, type ConfigAttributeKey, type UploaderConfig } from './lib/config.js';
import { Chunk } from './controllers/chunk.js';
import { keepSessionOf } from './lib/keep-session.js';
import { parseSize } from './lib/sizes.js';
import { ACCESS_LEVELS, normalizeFolder, type AccessLevel } from './lib/keys.js';
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
 * @fires su-upload-success - `{ name, key, size, etag, crc32c }`, once per file
 * @fires su-upload-error - `{ name, key?, code, message }`: refused, failed or cancelled
 * @fires su-file-deleted - `{ key, name }`
 * @fires su-files-deleted - `{ keys, count, folder? }`: selected files or a whole folder, previews included
 * @fires su-folder-change - `{ path, prefix }`: the folder shown (`Trip/Day 1`, '' at the top)
 * @fires su-mfa-changed - `{ enabled }`: two-step sign-in turned on or off on the account screen
 * @fires su-password-changed - `{}`: the password was changed on the account screen
 * @fires su-signed-out-everywhere - `{}`: every session ended (then `su-signed-out`)
 * @fires su-account-deleted - `{ email, identityId, files, objects }`: every object of the identity, then the user, deleted (then `su-signed-out`)
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
 * @csspart account - the account screen; `account-section` each of its sections
 * @csspart qr-code - the QR code an authenticator app scans; `secret` its key as text
 * @csspart delete-account - the button that deletes the account and its files
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
    keepLocation: { type: Boolean, attribute: 'keep-location' },
    checksum: { type: String },
    maxImageSize: { type: Number, attribute: 'max-image-size' },
    imageQuality: { type: Number, attribute: 'image-quality' },
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
  /** Keep photos' GPS position; by default it is removed from JPEG, PNG and WebP before upload (nothing re-encoded). */
  declare keepLocation: boolean;
  /**
   * `crc32c` (default): every file and part carries a CRC-32C that S3 verifies on arrival, and a
   * large file's whole-object CRC-32C is verified at completion. `off`: none (for S3-compatible
   * stores without checksums).
   */
  declare checksum?: 'crc32c' | 'off';
  /**
   * Photos (JPEG, PNG, WebP) larger than this many pixels on their longest side are made this
   * size before upload, in a worker: upright, in their colours, named as the original; other
   * metadata (the position among it) does not survive. Unset: photos go as they are.
   */
  declare maxImageSize?: number;
  /** The encoder's quality for photos made smaller, from 0 to 1 (default 0.85). */
  declare imageQuality?: number;
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
  /** Events and the live region (`fire`, `sayFailure` in events.ts), also for the controllers that load later. */
  private readonly voice = { element: this, announcer: this.announcer, words: () => this.i18n.t };
  /** The screen last rendered, and whether focus was inside the element before this render. */
  private shownView?: string;
  private focusWasInside = false;
  /** The visitor put focus in the element and has not moved it to something else on the page. */
  private focusWithin = false;

  private readonly configuration = new ConfigController(this, ({ config, status, problems }) => {
    this.configureAuth(config);
    if (status === 'invalid') this.fire('su-error', { code: 'config-invalid', message: `${this.i18n.t.screens.configProblems} ${problems.join('; ')}` });
  });

  private readonly auth = new AuthSession(this, {
    signedIn: () => this.openStorage('user'),
    signedOut: () => {
      this.storage.close();
      this.page = 'files';
      this.fire('su-signed-out', {});
    },
    failed: (code, message) => this.fail(code, message),
  });

  private readonly storage = new StorageAccess(this, {
    opened: (session, mode) => {
      void this.uploads.get()
        .then(({ queue }) => {
          if (this.storage.session === session) queue.setStorage(mode === 'user' ? { client: session.storage, ownFolder: (level) => this.storage.ownFolder(level) } : undefined);
        })
        .catch(() => undefined);
      void this.showFiles().catch(() => undefined);
      if (mode === 'user') this.fire('su-signed-in', { email: this.auth.email, identityId: session.identityId });
    },
    closed: () => {
      this.uploads.value?.queue.setStorage(undefined);
      this.browser.value?.files.setStorage(undefined);
    },
    failed: (code, message) => this.fail(code, message),
  });

  /** Thumbnails for the queue and the file list, made in a worker; created by whichever loads first. */
  private thumbnails?: ThumbnailMaker;
  private filesStylesAdopted = false;

  /** What the signed-in screen shows: the files, or the account. */
  private page: 'files' | 'account' = 'files';

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

  /** The upload panel: the queue, the drop target and their views. */
  private readonly uploads: Chunk<{ ui: typeof import('./uploads.js'); queue: UploadQueue; drop: DropTarget }> = new Chunk(
    this,
    () =>
      Promise.all([import('./uploads.js'), this.thumbnailMaker(), this.i18n.loadFiles()]).then(([ui, thumbnails]) => {
        const events = ui.uploadEvents(this.voice, (object, preview) => this.browser.value?.files.added(object, preview));
        const queue = new ui.UploadQueue(this, () => ({ ...this.limits, autoUpload: this.autoUpload, keepLocation: this.keepLocation, checksums: this.checksum !== 'off', maxImageSize: this.maxImageSize, imageQuality: this.imageQuality, level: this.level, folder: normalizeFolder(this.path) + (this.browser.value?.files.list.folder ?? '') }), events, thumbnails);
        const drop = new ui.DropTarget(this, () => this.auth.status === 'signed-in' && this.storage.status === 'open' && this.page === 'files', (files) => void queue.add(files));
        this.adoptFilesStyles(ui.filesStyles);
        return { ui, queue, drop };
      }),
    () => this.chunkFailed(),
  );

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

  /** A failure: said to the page (`su-error`) and to screen readers. */
  private fail(code: ErrorCode, message: Message) {
    sayFailure(this.voice, code, message);
  }

  private fire<N extends SecureUploaderEventName>(name: N, detail: DetailOf<N>) {
    fire(this.voice, name, detail);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Only configuration attributes can change the configuration; progress re-renders skip this.
    if (!this.hasUpdated || changed.has('config') || CONFIG_ATTRIBUTE_KEYS.some((key) => changed.has(key))) {
      this.configuration.update({ url: this.config, attributes: Object.fromEntries(CONFIG_ATTRIBUTE_KEYS.map((key) => [key, this[key]])) });
    }
    if (changed.has('keepSession') && this.hasUpdated) this.configureAuth(this.configuration.config);
    if (changed.has('messages')) this.i18n.setOverrides(this.messages);
    if (changed.has('accessLevel') || changed.has('path')) void this.showFiles().catch(() => undefined);
    // Cognito asked for an authenticator app's code or its set-up: those screens come with the account chunk.
    if (this.auth.status === 'signed-out' && isAccountScreen(this.auth.screen) && !this.account.value) void this.account.get().catch(() => undefined);
  }

  private openStorage(mode: StorageMode) {
    const config = this.configuration.config;
    if (!config) return;
    void this.browser.get().catch(() => undefined); // beside the credentials, not after them
    void this.storage.open(config, mode, this.auth.idToken);
  }

  /** The file browser and the image viewer. */
  private readonly browser: Chunk<{ ui: typeof import('./file-browser.js'); files: FileBrowser }> = new Chunk(
    this,
    () =>
      Promise.all([import('./file-browser.js'), this.thumbnailMaker(), this.i18n.loadFiles()]).then(([ui, thumbnails]) => {
        const files = new ui.FileBrowser(this, thumbnails, ui.browserEvents(this.voice));
        this.adoptFilesStyles(ui.filesStyles);
        return { ui, files };
      }),
    () => this.chunkFailed(),
  );

  /** The account screen and the sign-in's authenticator-app screens. */
  private readonly account: Chunk<{ ui: typeof import('./account.js'); settings: AccountSettings }> = new Chunk(
    this,
    () =>
      Promise.all([import('./account.js'), this.i18n.loadFiles()]).then(([ui]) => {
        const settings = new ui.AccountSettings({
          ...this.voice,
          auth: this.auth,
          storage: this.storage,
          uploads: () => this.uploads.value?.queue,
        });
        return { ui, settings };
      }),
    () => this.chunkFailed(),
  );

  /** A chunk that did not load (it is tried again the next time it is needed). */
  private chunkFailed() {
    this.fire('su-error', { code: 'network', message: this.i18n.t.errors.network });
  }

  /** Shows the account screen (or the files again). */
  private showPage(page: 'files' | 'account') {
    this.page = page;
    this.requestUpdate();
    if (page === 'account') void this.account.get().then(({ settings }) => settings.open(), () => undefined);
  }

  /** Points the file list at the folder that the access level, path and mode select. */
  private async showFiles() {
    const session = this.storage.session;
    const prefix = this.storage.filesPrefix(this.level, normalizeFolder(this.path));
    if (!session || prefix === undefined) return;
    const { files } = await this.browser.get();
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
    if (this.storage.mode === 'guest' && this.storage.status === 'open') return 'guest';
    const account = this.account.value?.settings.panel ?? 'loading';
    return `${this.auth.status}/${this.auth.screen}/${this.storage.status}/${this.uploads.value ? 'ready' : 'loading'}/${this.page}/${account}`;
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
    const browser = this.browser.value;
    const uploads = this.uploads.value;
    const account = this.account.value;
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
        if (isAccountScreen(this.auth.screen)) return account ? account.ui.appSignInScreen(this.auth, t, level) : loadingScreen(t);
        return authScreen(this.auth, { t, level, config, continueAsGuest: () => this.openStorage('guest') });
      case 'signed-in':
        return signedInScreen({
          t,
          email: this.auth.email,
          storage: this.storage,
          signOut: () => void this.auth.signOut(),
          retryStorage: () => this.openStorage('user'),
          // Offered with the signed-in words (they come with the upload panel or the file list).
          account: uploads || browser ? { label: t.account.open, current: this.page === 'account', toggle: () => this.showPage(this.page === 'account' ? 'files' : 'account') } : undefined,
          content: () =>
            this.page === 'account'
              ? account
                ? account.ui.accountScreen(account.settings, { t, level, config, email: this.auth.email, close: () => this.showPage('files') })
                : html`<p part="status" role="status">${t.screens.loading}</p>`
              : uploads
              ? html`${uploads.ui.dropZone(t, uploads.drop, this.limits, (picked) => void uploads.queue.add(picked))} ${uploads.ui.uploadQueue(t, format, uploads.queue, this.autoUpload)} ${files('user')}`
              : html`<p part="status" role="status">${t.screens.openingFiles}</p>`,
        });
    }
  }
}
