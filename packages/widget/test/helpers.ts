/**
 * Helpers for element tests against the real local backend that web-test-runner.config.mjs
 * starts: its config, its outbox, real files, real drops.
 */
import { CognitoIdentityClient, GetCredentialsForIdentityCommand, GetIdCommand } from '@aws-sdk/client-cognito-identity';
import { S3Client } from '@aws-sdk/client-s3';
import type { UploaderConfig } from '../src/lib/config.js';
import type { SecureUploaderElement } from '../src/secure-uploader.js';

/** The test backend's element config (always with the local backend's endpoint), and the token of its admin routes. */
export type BackendConfig = UploaderConfig & { endpoint: string; adminToken: string };

export async function backendConfig(): Promise<BackendConfig> {
  return (await fetch('/_test/config.json')).json();
}

let counter = 0;
export const uniqueEmail = (name: string) => `${name}.${Date.now()}.${++counter}@example.com`;
export const PASSWORD = 'Upload-Test-42';

export async function waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function latestCode(config: BackendConfig, email: string): Promise<string> {
  const messages = (await (await fetch(`${config.endpoint}/_local/outbox?to=${encodeURIComponent(email)}&token=${config.adminToken}`)).json()) as { code: string }[];
  if (!messages.length) throw new Error(`no email to ${email}`);
  return messages.at(-1)!.code;
}

export const shadow = (el: SecureUploaderElement) => el.shadowRoot!;
export const $ = <T extends Element = HTMLElement>(el: SecureUploaderElement, selector: string) => shadow(el).querySelector<T>(selector);
export const $$ = <T extends Element = HTMLElement>(el: SecureUploaderElement, selector: string) => [...shadow(el).querySelectorAll<T>(selector)];
/** The element's text as shown (the live region, heard but not seen, left out). */
export const text = (el: SecureUploaderElement) => {
  const walker = document.createTreeWalker(shadow(el), NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement?.closest('[part~="announcer"]') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  let shown = '';
  while (walker.nextNode()) shown += walker.currentNode.textContent;
  return shown.replace(/\s+/g, ' ');
};

/** Fills the named inputs of the form with `part~=form-part` and submits it. */
export async function submitForm(el: SecureUploaderElement, formPart: string, values: Record<string, string>) {
  const form = await waitFor(() => $<HTMLFormElement>(el, `form[part~="${formPart}"]`), `the ${formPart} form`);
  for (const [name, value] of Object.entries(values)) {
    const input = form.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
    input.value = value;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  }
  form.requestSubmit();
}

export function clickButton(el: SecureUploaderElement, label: string | RegExp, scope: ParentNode = shadow(el)) {
  const button = [...scope.querySelectorAll<HTMLButtonElement>('button')].find((b) => (typeof label === 'string' ? b.textContent?.trim() === label : label.test(b.textContent ?? '')));
  if (!button) throw new Error(`no button "${label}" in: ${text(el).slice(0, 300)}`);
  button.click();
  return button;
}

/**
 * Mounts a fresh element configured from the test backend. `beforeConnect` runs before it is
 * added to the page: record events there that may fire while it loads (a kept session resumes).
 */
export async function mount(attributes: Record<string, string> = {}, beforeConnect?: (el: SecureUploaderElement) => void, parent: HTMLElement = document.body): Promise<SecureUploaderElement> {
  const el = document.createElement('secure-uploader');
  el.setAttribute('config', '/_test/config.json');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  beforeConnect?.(el);
  parent.append(el);
  await waitFor(() => !/Loading…/.test(text(el)) && text(el).length > 0, 'the element to load');
  return el;
}

/** Creates an account through the element's screens and signs in (on the element's backend: the main one unless given). */
export async function signUpAndIn(el: SecureUploaderElement, email = uniqueEmail('user'), backend?: BackendConfig) {
  const config = backend ?? (await backendConfig());
  clickButton(el, 'Create an account');
  await submitForm(el, 'sign-up', { email, password: PASSWORD });
  await waitFor(() => $(el, 'form[part~="confirm"]'), 'the confirm screen');
  await submitForm(el, 'confirm', { code: await latestCode(config, email) });
  await waitFor(() => $(el, 'form[part~="sign-in"]') && /confirmed/.test(text(el)), 'back to sign in');
  await submitForm(el, 'sign-in', { email, password: PASSWORD });
  await waitFor(() => $(el, '[part~="dropzone"]'), 'the signed-in screen');
  return email;
}

/** Drops files on the element's drop zone, as a user dragging from the desktop would. */
export function dropFiles(el: SecureUploaderElement, files: File[]) {
  const zone = $(el, '[part~="dropzone"]')!;
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  for (const type of ['dragenter', 'dragover', 'drop']) zone.dispatchEvent(new DragEvent(type, { bubbles: true, composed: true, cancelable: true, dataTransfer: transfer }));
}

/** A real image of the given type, drawn and encoded by the browser. */
export async function imageFile(name: string, type: 'image/png' | 'image/jpeg', width = 64, height = 48): Promise<File> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#3a7';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#fff';
  context.fillRect(4, 4, width / 2, height / 2);
  return new File([await canvas.convertToBlob({ type })], name, { type });
}

export function pdfFile(name: string): File {
  const body = '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';
  return new File([body], name, { type: 'application/pdf' });
}

export async function bytesOf(blob: Blob): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await blob.arrayBuffer());
}

/** Records events of these names fired by the element. */
export function record(el: EventTarget, names: string[]) {
  const seen: { type: string; detail: Record<string, unknown> }[] = [];
  for (const name of names) el.addEventListener(name, (event) => seen.push({ type: name, detail: (event as CustomEvent).detail }));
  return seen;
}

/** The id token the element keeps (in this tab's sessionStorage by default, or localStorage). */
export function keptIdToken(): string | undefined {
  for (const store of [sessionStorage, localStorage]) {
    const key = Object.keys(store).find((k) => k.endsWith('.idToken'));
    if (key) return store.getItem(key)!;
  }
  return undefined;
}

/**
 * An S3 client with the signed-in user's own credentials, to look at the bucket directly. The
 * test backend's credentials live 20 s, so they are fetched again when they are about to expire.
 */
export async function userS3(config: BackendConfig) {
  const logins = { [`cognito-idp.${config.region}.amazonaws.com/${config.userPoolId}`]: keptIdToken()! };
  const identity = new CognitoIdentityClient({ region: config.region, endpoint: config.endpoint });
  const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: config.identityPoolId, Logins: logins }));
  const s3 = new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    credentials: async () => {
      const { Credentials } = await identity.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }));
      return { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretKey!, sessionToken: Credentials!.SessionToken!, expiration: Credentials!.Expiration };
    },
  });
  return { s3, identityId: IdentityId! };
}

export interface SeenRequest {
  method: string;
  url: URL;
  range?: string;
}

/**
 * Records the requests the page sends with XMLHttpRequest (the element's S3 transport): what
 * a network panel would show. Call the returned function to stop recording.
 */
export function recordRequests(): { seen: SeenRequest[]; stop: () => void } {
  const seen: SeenRequest[] = [];
  const prototype = XMLHttpRequest.prototype;
  const { open, setRequestHeader } = prototype;
  const requests = new WeakMap<XMLHttpRequest, SeenRequest>();
  prototype.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
    const request = { method: method.toUpperCase(), url: new URL(String(url), location.href) };
    requests.set(this, request);
    seen.push(request);
    return (open as (...args: unknown[]) => void).call(this, method, url, ...rest);
  } as typeof prototype.open;
  prototype.setRequestHeader = function (this: XMLHttpRequest, name: string, value: string) {
    const request = requests.get(this);
    if (request && name.toLowerCase() === 'range') request.range = value;
    return setRequestHeader.call(this, name, value);
  };
  return {
    seen,
    stop: () => {
      prototype.open = open;
      prototype.setRequestHeader = setRequestHeader;
    },
  };
}

/** Adds a fault rule to the local backend (see its README: fault injection). */
export async function injectFault({ endpoint, adminToken }: BackendConfig, rule: object): Promise<void> {
  const response = await fetch(`${endpoint}/_local/faults?token=${adminToken}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) });
  if (response.status !== 201) throw new Error(`the fault was refused: ${response.status} ${await response.text()}`);
}

/** Removes every fault rule. */
export async function clearFaults({ endpoint, adminToken }: BackendConfig): Promise<void> {
  await fetch(`${endpoint}/_local/faults?token=${adminToken}`, { method: 'DELETE' });
}
