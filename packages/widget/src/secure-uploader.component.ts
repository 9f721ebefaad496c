import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { AuthSession } from './controllers/auth-session.js';
import { ConfigController } from './controllers/config-controller.js';
import { FileList, type ListedFile } from './controllers/file-list.js';
import { UploadQueue, type UploadItem } from './controllers/upload-queue.js';
import { createEvent, type DetailOf, type SecureUploaderEventName } from './events.js';
import type { UploaderConfig } from './lib/config.js';
import { ACCESS_LEVELS, extensionOf, formatBytes, levelPrefix, normalizeFolder, parseSize, type AccessLevel } from './lib/files.js';
import { DEFAULT_PASSWORD_POLICY, passwordRules } from './lib/password-policy.js';
import { errorMessage } from './messages.js';
import { styles } from './secure-uploader.styles.js';
import { ThumbnailMaker } from './thumbnails.js';
import { UploaderError } from './transport/errors.js';
import type { ResumeStore } from './transport/s3.js';
import type { StorageSession } from './transport/storage-session.js';

/** Unfinished multipart uploads, kept in localStorage so a reload can resume them. */
const resumeStore: ResumeStore = {
  get: (fingerprint) => {
    try {
      return JSON.parse(localStorage.getItem(`secure-uploader:resume:${fingerprint}`) ?? 'null') ?? undefined;
    } catch {
      return undefined;
    }
  },
  set: (fingerprint, value) => localStorage.setItem(`secure-uploader:resume:${fingerprint}`, JSON.stringify(value)),
  delete: (fingerprint) => localStorage.removeItem(`secure-uploader:resume:${fingerprint}`),
};

/**
 * `<secure-uploader>`: sign-in with Amazon Cognito and uploads straight to the visitor's own
 * S3 prefix, with previews and progress; then the visitor's files, to download or delete.
 *
 * Configure it with `config="config.json"` or with the attributes below (attributes override
 * the file).
 *
 * @fires su-signed-in - `{ email, identityId }` after sign-in (also when a kept session resumes)
 * @fires su-signed-out - after sign-out
 * @fires su-upload-start - `{ name, key, size }`
 * @fires su-upload-progress - `{ name, key, size, loaded }`
 * @fires su-upload-success - `{ name, key, size, etag }`, once per file
 * @fires su-upload-error - `{ name, key?, code, message }`: refused, failed or cancelled
 * @fires su-file-deleted - `{ key, name }`
 * @fires su-error - `{ code, message }`: configuration, sign-in and service errors
 * @csspart error - the box that explains what went wrong
 * @csspart notice - neutral messages ("we emailed you a code")
 * @csspart status - short status text
 * @csspart dropzone - the area files are dropped on
 * @csspart thumbnail - image previews
 * @csspart file-icon - the icon shown for files that are not images
 * @cssprop --su-color-accent - buttons, focus rings, progress
 * @cssprop --su-color-text, --su-color-surface, --su-color-border, --su-color-muted, --su-color-danger
 * @cssprop --su-radius, --su-spacing, --su-font-family, --su-font-size
 */
export class SecureUploaderElement extends LitElement {
  static override styles = styles;

  static override properties = {
    config: { type: String },
    region: { type: String },
    userPoolId: { type: String, attribute: 'user-pool-id' },
    userPoolClientId: { type: String, attribute: 'user-pool-client-id' },
    identityPoolId: { type: String, attribute: 'identity-pool-id' },
    bucket: { type: String },
    endpoint: { type: String },
    accessLevel: { type: String, attribute: 'access-level' },
    path: { type: String },
    accept: { type: String },
    maxFileSize: { type: String, attribute: 'max-file-size' },
    maxFiles: { type: Number, attribute: 'max-files' },
    autoUpload: { type: Boolean, attribute: 'auto-upload' },
    dragging: { state: true },
    passwordDraft: { state: true },
    storageError: { state: true },
    guest: { state: true },
  };

  /** URL of a JSON file holding the configuration; attributes override its values. */
  declare config?: string;
  declare region?: string;
  declare userPoolId?: string;
  declare userPoolClientId?: string;
  declare identityPoolId?: string;
  declare bucket?: string;
  /** One endpoint for Cognito and S3, e.g. the local backend `http://127.0.0.1:4566`. */
  declare endpoint?: string;
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
  declare private dragging: boolean;
  declare private passwordDraft: string;
  declare private storageError?: string;
  declare private guest: boolean;

  private readonly thumbnails = new ThumbnailMaker();
  private storageSession?: StorageSession;
  private storageSeq = 0;

  private readonly configuration = new ConfigController(this, (controller) => {
    const config = controller.config;
    this.auth.configure(config ? { userPoolId: config.userPoolId, userPoolClientId: config.userPoolClientId, endpoint: config.endpoint } : undefined);
    if (controller.status === 'invalid') this.fire('su-error', { code: 'config-invalid', message: `${errorMessage('config-invalid')} ${controller.problems.join('; ')}` });
  });

  private readonly auth = new AuthSession(this, {
    signedIn: () => void this.openStorage(false),
    signedOut: () => {
      this.closeStorage();
      this.fire('su-signed-out', {});
    },
    failed: (code, message) => this.fire('su-error', { code, message }),
  });

  private readonly queue = new UploadQueue(
    this,
    () => ({
      accept: this.accept,
      maxFileSize: parseSize(this.maxFileSize),
      maxFiles: this.maxFiles,
      autoUpload: this.autoUpload,
      level: this.level,
      folder: normalizeFolder(this.path),
    }),
    {
      start: (item) => this.fire('su-upload-start', this.uploadDetail(item)),
      progress: (item) => this.fire('su-upload-progress', { ...this.uploadDetail(item), loaded: item.loaded }),
      success: (item) => {
        this.fire('su-upload-success', { ...this.uploadDetail(item), etag: item.etag ?? '' });
        this.files.refreshSoon();
      },
      failure: (item, code) => this.fire('su-upload-error', { name: item.file.name, key: item.key, code, message: item.message ?? errorMessage(code) }),
    },
    this.thumbnails,
  );

  private readonly files = new FileList(
    this,
    this.thumbnails,
    (file) => this.fire('su-file-deleted', { key: file.key, name: file.name }),
    (code, message) => this.fire('su-error', { code, message }),
  );

  constructor() {
    super();
    this.autoUpload = false;
    this.dragging = false;
    this.passwordDraft = '';
    this.guest = false;
    this.addEventListener('paste', (event: ClipboardEvent) => {
      const files = [...(event.clipboardData?.files ?? [])];
      if (files.length > 0 && this.canUpload) {
        event.preventDefault();
        void this.queue.add(files);
      }
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.thumbnails.dispose();
  }

  private get level(): AccessLevel {
    return (ACCESS_LEVELS as readonly string[]).includes(this.accessLevel ?? '') ? (this.accessLevel as AccessLevel) : 'private';
  }

  private get canUpload(): boolean {
    return this.auth.status === 'signed-in' && !!this.storageSession;
  }

  private fire<N extends SecureUploaderEventName>(name: N, detail: DetailOf<N>) {
    this.dispatchEvent(createEvent(name, detail));
  }

  private uploadDetail(item: UploadItem) {
    return { name: item.file.name, key: item.key ?? '', size: item.file.size };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Only configuration attributes can change the configuration; progress re-renders skip this.
    const configAttributes = ['config', 'region', 'userPoolId', 'userPoolClientId', 'identityPoolId', 'bucket', 'endpoint'] as const;
    if (!this.hasUpdated || configAttributes.some((name) => changed.has(name))) this.configure();
    if (changed.has('accessLevel') || changed.has('path')) {
      if (this.storageSession) this.files.setStorage({ client: this.storageSession.storage, prefix: this.filesPrefix(this.storageSession.identityId) });
    }
  }

  private configure() {
    this.configuration.update({
      url: this.config,
      attributes: {
        region: this.region,
        userPoolId: this.userPoolId,
        userPoolClientId: this.userPoolClientId,
        identityPoolId: this.identityPoolId,
        bucket: this.bucket,
        endpoint: this.endpoint,
      },
    });
  }

  private filesPrefix(identityId: string): string {
    return `${levelPrefix(this.guest ? 'public' : this.level, identityId)}${normalizeFolder(this.path)}`;
  }

  /** Credentials and S3 for the signed-in user (or a guest); loaded on demand. */
  private async openStorage(asGuest: boolean) {
    const config = this.configuration.config;
    if (!config) return;
    const seq = ++this.storageSeq;
    this.storageError = undefined;
    try {
      const { createStorageSession } = await import('./transport/storage-session.js');
      const session = await createStorageSession(config, asGuest ? async () => undefined : this.auth.idToken, resumeStore);
      if (seq !== this.storageSeq) return;
      this.storageSession = session;
      this.guest = asGuest;
      this.queue.setStorage(asGuest ? undefined : { client: session.storage, identityId: session.identityId });
      this.files.setStorage({ client: session.storage, prefix: this.filesPrefix(session.identityId) });
      if (!asGuest) this.fire('su-signed-in', { email: this.auth.email, identityId: session.identityId });
      this.requestUpdate();
    } catch (error) {
      if (seq !== this.storageSeq) return;
      const code = error instanceof UploaderError ? error.code : 'credentials-failed';
      this.storageError = errorMessage(code);
      this.fire('su-error', { code, message: this.storageError });
    }
  }

  private closeStorage() {
    this.storageSeq++;
    this.storageSession?.credentials.clear();
    this.storageSession = undefined;
    this.guest = false;
    this.queue.setStorage(undefined);
    this.files.setStorage(undefined);
  }

  // --- rendering ---------------------------------------------------------------------

  protected override render() {
    switch (this.configuration.status) {
      case 'loading':
        return html`<p part="status" role="status">Loading…</p>`;
      case 'invalid':
        return html`<div part="error" role="alert">
          <strong>${errorMessage('config-invalid')}</strong>
          <ul>
            ${this.configuration.problems.map((problem) => html`<li>${problem}</li>`)}
          </ul>
        </div>`;
      case 'ready':
        if (this.guest && this.storageSession) return this.renderGuest();
        if (this.auth.status === 'starting') return html`<p part="status" role="status">Loading…</p>`;
        if (this.auth.status === 'signed-out') return this.renderAuth(this.configuration.config!);
        return this.renderSignedIn();
    }
  }

  private messages(): TemplateResult {
    return html`${this.auth.notice ? html`<p part="notice" role="status">${this.auth.notice}</p>` : nothing}
    ${this.auth.error ? html`<p part="error" role="alert">${this.auth.error}</p>` : nothing}`;
  }

  private submit(handler: (data: FormData) => void) {
    return (event: SubmitEvent) => {
      event.preventDefault();
      handler(new FormData(event.target as HTMLFormElement));
    };
  }

  private passwordField(label: string, autocomplete: string, config: UploaderConfig) {
    const rules = passwordRules(config.passwordPolicy ?? DEFAULT_PASSWORD_POLICY, this.passwordDraft);
    return html`<label
        >${label}
        <input
          name="password"
          type="password"
          autocomplete=${autocomplete}
          required
          aria-describedby="password-rules"
          @input=${(e: InputEvent) => (this.passwordDraft = (e.target as HTMLInputElement).value)}
      /></label>
      <ul class="rules" id="password-rules" part="password-rules" aria-live="polite">
        ${rules.map((rule) => html`<li class=${rule.met ? 'met' : ''} data-rule=${rule.id}>${rule.label}</li>`)}
      </ul>`;
  }

  private renderAuth(config: UploaderConfig): TemplateResult {
    const auth = this.auth;
    const busy = auth.busy;
    const str = (data: FormData, name: string) => String(data.get(name) ?? '');
    const link = (label: string, screen: Parameters<AuthSession['show']>[0]) =>
      html`<button type="button" class="link" @click=${() => {
        this.passwordDraft = '';
        auth.show(screen);
      }}>${label}</button>`;
    switch (auth.screen) {
      case 'sign-in':
        return html`<h2>Sign in</h2>
          ${this.messages()}
          <form part="form sign-in" @submit=${this.submit((d) => void auth.signIn(str(d, 'email'), str(d, 'password')))}>
            <label>Email <input name="email" type="email" autocomplete="username" required .value=${auth.email} /></label>
            <label>Password <input name="password" type="password" autocomplete="current-password" required /></label>
            <button class="primary" type="submit" ?disabled=${busy}>${busy ? 'Signing in…' : 'Sign in'}</button>
          </form>
          <div class="links">
            ${link('Forgot your password?', 'forgot')} ${link('Create an account', 'sign-up')}
            ${config.allowGuests ? html`<button type="button" class="link" @click=${() => void this.openStorage(true)}>Continue as guest</button>` : nothing}
          </div>`;
      case 'sign-up':
        return html`<h2>Create an account</h2>
          ${this.messages()}
          <form part="form sign-up" @submit=${this.submit((d) => void auth.signUp(str(d, 'email'), str(d, 'password')))}>
            <label>Email <input name="email" type="email" autocomplete="email" required .value=${auth.email} /></label>
            ${this.passwordField('Password', 'new-password', config)}
            <button class="primary" type="submit" ?disabled=${busy}>${busy ? 'Creating account…' : 'Create account'}</button>
          </form>
          <div class="links">${link('I already have an account', 'sign-in')}</div>`;
      case 'confirm':
        return html`<h2>Confirm your email</h2>
          ${this.messages()}
          <form part="form confirm" @submit=${this.submit((d) => void auth.confirm(str(d, 'code')))}>
            <label>Code <input name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required /></label>
            <button class="primary" type="submit" ?disabled=${busy}>${busy ? 'Confirming…' : 'Confirm'}</button>
          </form>
          <div class="links">
            <button type="button" class="link" ?disabled=${busy} @click=${() => void auth.resendCode()}>Send a new code</button>
            ${link('Back to sign in', 'sign-in')}
          </div>`;
      case 'forgot':
        return html`<h2>Reset your password</h2>
          ${this.messages()}
          <form part="form forgot" @submit=${this.submit((d) => void auth.forgotPassword(str(d, 'email')))}>
            <label>Email <input name="email" type="email" autocomplete="username" required .value=${auth.email} /></label>
            <button class="primary" type="submit" ?disabled=${busy}>${busy ? 'Sending…' : 'Send me a code'}</button>
          </form>
          <div class="links">${link('Back to sign in', 'sign-in')}</div>`;
      case 'reset':
        return html`<h2>Choose a new password</h2>
          ${this.messages()}
          <form part="form reset" @submit=${this.submit((d) => void auth.resetPassword(str(d, 'code'), str(d, 'password')))}>
            <label>Code <input name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required /></label>
            ${this.passwordField('New password', 'new-password', config)}
            <button class="primary" type="submit" ?disabled=${busy}>${busy ? 'Saving…' : 'Set new password'}</button>
          </form>
          <div class="links">${link('Back to sign in', 'sign-in')}</div>`;
    }
  }

  private renderSignedIn(): TemplateResult {
    return html`<header>
        <span>Signed in as <strong>${this.auth.email}</strong></span>
        <button type="button" @click=${() => void this.auth.signOut()}>Sign out</button>
      </header>
      ${this.storageError
        ? html`<p part="error" role="alert">${this.storageError} <button type="button" class="link" @click=${() => void this.openStorage(false)}>Try again</button></p>`
        : nothing}
      ${this.storageSession ? html`${this.renderDropzone()} ${this.renderQueue()} ${this.renderFiles(false)}` : this.storageError ? nothing : html`<p part="status" role="status">Opening your files…</p>`}`;
  }

  private renderGuest(): TemplateResult {
    return html`<header>
        <span>Browsing as a guest</span>
        <button type="button" @click=${() => {
          this.closeStorage();
          this.auth.leave(false);
        }}>Sign in</button>
      </header>
      ${this.renderFiles(true)}`;
  }

  private onDragOver = (event: DragEvent) => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.dragging = true;
  };

  private onDragLeave = (event: DragEvent) => {
    if ((event.currentTarget as HTMLElement).contains(event.relatedTarget as Node | null)) return;
    this.dragging = false;
  };

  private onDrop = (event: DragEvent) => {
    event.preventDefault();
    this.dragging = false;
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length > 0) void this.queue.add(files);
  };

  private chooseFiles() {
    this.renderRoot.querySelector<HTMLInputElement>('input[type="file"]')?.click();
  }

  private renderDropzone(): TemplateResult {
    const limits = [
      this.accept ? `Accepted: ${this.accept.split(',').map((s) => s.trim()).join(', ')}` : '',
      parseSize(this.maxFileSize) ? `up to ${formatBytes(parseSize(this.maxFileSize)!)} each` : '',
      this.maxFiles ? `${this.maxFiles} files at a time` : '',
    ].filter(Boolean);
    return html`<div
      part="dropzone"
      class=${this.dragging ? 'dragging' : ''}
      tabindex="0"
      aria-label="Drop files here, or paste them"
      @dragenter=${this.onDragOver}
      @dragover=${this.onDragOver}
      @dragleave=${this.onDragLeave}
      @drop=${this.onDrop}
    >
      <p>Drop files here or paste them, or</p>
      <button type="button" class="primary" part="choose-button" @click=${() => this.chooseFiles()}>Choose files</button>
      <input
        type="file"
        multiple
        hidden
        accept=${this.accept ?? nothing}
        @change=${(e: Event) => {
          const input = e.target as HTMLInputElement;
          void this.queue.add([...(input.files ?? [])]);
          input.value = '';
        }}
      />
      ${limits.length ? html`<p class="muted">${limits.join(' · ')}</p>` : nothing}
    </div>`;
  }

  private preview(thumbnail: string | undefined, name: string, alt: string) {
    return html`<div class="preview">
      ${thumbnail ? html`<img part="thumbnail" src=${thumbnail} alt=${alt} />` : html`<span part="file-icon" aria-hidden="true">${extensionOf(name).toUpperCase().slice(0, 4) || 'FILE'}</span>`}
    </div>`;
  }

  private renderQueue() {
    const items = this.queue.items;
    if (items.length === 0) return nothing;
    const { loaded, total } = this.queue.totals;
    const ready = items.filter((i) => i.status === 'ready').length;
    const uploading = items.some((i) => i.status === 'uploading');
    return html`<ul class="items" part="queue" aria-label="Files to upload">
        ${items.map((item) => this.renderItem(item))}
      </ul>
      <div class="total">
        ${total > 0
          ? html`<progress part="total-progress" max=${total} .value=${loaded} aria-label="Total progress"></progress>
              <span class="meta" part="total-status">${formatBytes(loaded)} of ${formatBytes(total)}${uploading ? '' : ready ? '' : ' · done'}</span>`
          : nothing}
        <div class="actions">
          ${ready > 0 && !this.autoUpload ? html`<button type="button" class="primary" @click=${() => this.queue.startAll()}>Upload ${ready} ${ready === 1 ? 'file' : 'files'}</button>` : nothing}
          ${items.some((i) => i.status === 'done' || i.status === 'refused' || i.status === 'cancelled')
            ? html`<button type="button" @click=${() => this.queue.clearFinished()}>Clear finished</button>`
            : nothing}
        </div>
      </div>`;
  }

  private renderItem(item: UploadItem): TemplateResult {
    const status: Record<UploadItem['status'], string> = {
      refused: item.message ?? 'Refused',
      ready: 'Ready to upload',
      uploading: `Uploading… ${item.file.size ? Math.floor((item.loaded / item.file.size) * 100) : 0}%`,
      done: 'Uploaded',
      failed: item.message ?? 'Failed',
      cancelled: item.message ?? 'Cancelled',
    };
    return html`<li class="item ${item.status}" part="queue-item" data-status=${item.status}>
      ${this.preview(item.thumbnail, item.file.name, `Preview of ${item.file.name}`)}
      <div>
        <div class="name">${item.file.name}</div>
        <div class="meta">${formatBytes(item.file.size)} · <span part="item-status" role=${item.status === 'refused' || item.status === 'failed' ? 'alert' : nothing}>${status[item.status]}</span></div>
        ${item.status === 'uploading' || item.status === 'done'
          ? html`<progress part="item-progress" max=${item.file.size} .value=${item.loaded} aria-label="Progress of ${item.file.name}"></progress>`
          : nothing}
      </div>
      <div class="actions">
        ${item.status === 'uploading' || item.status === 'ready' ? html`<button type="button" @click=${() => this.queue.cancel(item)}>Cancel</button>` : nothing}
        ${item.status === 'failed' || item.status === 'cancelled' ? html`<button type="button" @click=${() => this.queue.retry(item)}>Retry</button>` : nothing}
        ${item.status !== 'uploading' ? html`<button type="button" aria-label="Remove ${item.file.name}" @click=${() => this.queue.remove(item)}>Remove</button>` : nothing}
      </div>
    </li>`;
  }

  private renderFiles(readOnly: boolean): TemplateResult {
    const list = this.files;
    return html`<section class="files" part="files" aria-busy=${list.status === 'loading' ? 'true' : 'false'}>
      <header>
        <h3>${readOnly ? 'Public files' : 'My files'}</h3>
        <button type="button" @click=${() => void list.refresh()} ?disabled=${list.status === 'loading'}>Refresh</button>
      </header>
      ${list.status === 'failed' ? html`<p part="error" role="alert">${list.error}</p>` : nothing}
      ${list.status === 'ready' && list.files.length === 0 ? html`<p class="muted" part="status">No files yet.</p>` : nothing}
      ${list.status === 'loading' && list.files.length === 0 ? html`<p class="muted" part="status">Loading your files…</p>` : nothing}
      <ul class="items" aria-label=${readOnly ? 'Public files' : 'My files'}>
        ${list.files.map((file) => this.renderFile(file, readOnly))}
      </ul>
    </section>`;
  }

  private renderFile(file: ListedFile, readOnly: boolean): TemplateResult {
    return html`<li class="item" part="file" data-key=${file.key}>
      ${this.preview(file.thumbnail, file.name, `Preview of ${file.name}`)}
      <div>
        <div class="name">${file.name}</div>
        <div class="meta">${formatBytes(file.size)} · <time datetime=${file.lastModified.toISOString()}>${file.lastModified.toLocaleString()}</time></div>
      </div>
      <div class="actions">
        ${file.confirmingDelete
          ? html`<span>Delete this file?</span>
              <button type="button" class="danger" @click=${() => void this.files.delete(file)}>Delete</button>
              <button type="button" @click=${() => this.files.askDelete(file, false)}>Keep</button>`
          : html`<button type="button" @click=${() => void this.files.download(file)}>Download</button>
              ${readOnly ? nothing : html`<button type="button" ?disabled=${file.deleting} @click=${() => this.files.askDelete(file, true)}>${file.deleting ? 'Deleting…' : 'Delete'}</button>`}`}
      </div>
    </li>`;
  }
}

