import { expect } from '@open-wc/testing';
import '../src/secure-uploader.js';
import type { SecureUploaderElement } from '../src/secure-uploader.js';
import { $, $$, backendConfig, clickButton, dropFiles, latestCode, mount, PASSWORD, record, submitForm, text, uniqueEmail, waitFor } from './helpers.js';
import { elementFixture } from './setup-errors.js';

/** A page region in a language, holding the element. */
function region(lang: string): HTMLElement {
  const div = document.createElement('div');
  div.lang = lang;
  document.body.append(div);
  return div;
}

describe('<secure-uploader> in other languages', () => {
  const fixture = elementFixture<SecureUploaderElement>();
  let page: HTMLElement | undefined;
  afterEach(() => {
    page?.remove();
    page = undefined;
  });

  it('speaks the language of the nearest ancestor, follows when it changes, and takes a page\'s own words', async () => {
    page = region('de-AT');
    const el = (fixture.el = await mount({}, undefined, page));
    await waitFor(() => $(el, 'h2')?.textContent === 'Anmelden', 'German');
    expect(text(el)).to.contain('Passwort vergessen?');
    expect(text(el)).to.contain('Konto erstellen');
    expect($(el, '.root')!.getAttribute('lang')).to.equal('de-AT');

    page.lang = 'es';
    await waitFor(() => $(el, 'h2')?.textContent === 'Iniciar sesión', 'Spanish, after the page switched');
    expect(text(el)).to.contain('¿Has olvidado tu contraseña?');

    el.messages = { auth: { signInTitle: 'Entrar', forgotPassword: '¿Olvidaste la clave?' } };
    await waitFor(() => $(el, 'h2')?.textContent === 'Entrar', 'the page\'s own words');
    expect(text(el)).to.contain('¿Olvidaste la clave?');
    expect(text(el)).to.contain('Crear una cuenta', 'the rest stays Spanish');

    el.messages = undefined;
    page.lang = 'fr';
    await waitFor(() => $(el, 'h2')?.textContent === 'Sign in', 'English for a language it does not have');
  });

  it('an Arabic element on an English page is right to left, and mirrors its layout', async () => {
    page = region('en');
    const el = (fixture.el = await mount({ lang: 'ar' }, undefined, page));
    await waitFor(() => $(el, 'h2')?.textContent === 'تسجيل الدخول', 'Arabic');
    const root = $(el, '.root')!;
    expect(root.getAttribute('dir')).to.equal('rtl');
    expect(getComputedStyle($(el, 'form[part~="sign-in"]')!).direction).to.equal('rtl');
    // Mirrored: the first link sits at the right edge of its row, the next to its left.
    const [first, second] = $$(el, '.links button').map((b) => b.getBoundingClientRect());
    const row = $(el, '.links')!.getBoundingClientRect();
    expect(row.right - first!.right).to.be.lessThan(2);
    expect(second!.right).to.be.at.most(first!.left);
  });

  it('signs up, uploads and reports failures in German, with German numbers and sizes', async () => {
    page = region('de');
    const el = (fixture.el = await mount({ 'max-file-size': '1.5KB' }, undefined, page));
    await waitFor(() => $(el, 'h2')?.textContent === 'Anmelden', 'German');
    const config = await backendConfig();
    const email = uniqueEmail('deutsch');
    clickButton(el, 'Konto erstellen');
    await waitFor(() => $(el, 'h2')?.textContent === 'Konto erstellen', 'the sign-up screen');
    expect(text(el)).to.contain('Mindestens 8 Zeichen: nicht erfüllt', 'rules say met or not in words');
    await submitForm(el, 'sign-up', { email, password: PASSWORD });
    await waitFor(() => /Wir haben einen Code an/.test(text(el)), 'the German notice');
    await submitForm(el, 'confirm', { code: '000000' });
    await waitFor(() => /Dieser Code stimmt nicht/.test(text(el)), 'a Cognito error in German');
    await submitForm(el, 'confirm', { code: await latestCode(config, email) });
    await waitFor(() => /E-Mail-Adresse ist bestätigt/.test(text(el)), 'confirmed');
    await submitForm(el, 'sign-in', { email, password: 'Wrong-Password-1' });
    await waitFor(() => /E-Mail-Adresse oder Passwort ist falsch/.test(text(el)), 'wrong password, in German');
    await submitForm(el, 'sign-in', { email, password: PASSWORD });
    await waitFor(() => $(el, '[part~="dropzone"]'), 'signed in');
    expect(text(el)).to.contain(`Angemeldet als ${email}`);
    expect(text(el)).to.contain('je bis 1,5 KB', 'a German decimal comma');

    const errors = record(el, ['su-upload-error', 'su-upload-success']);
    dropFiles(el, [new File([new Uint8Array(2048)], 'zu groß.bin'), new File(['hallo'], 'klein.txt', { type: 'text/plain' })]);
    await waitFor(() => errors.length === 1, 'the refusal');
    expect(errors[0]!.detail.message).to.equal('Zu groß: Dateien dürfen höchstens 1,5 KB groß sein.', 'events carry the same words');
    await waitFor(() => /1 Datei hochladen/.test(text(el)), 'a German plural');
    clickButton(el, '1 Datei hochladen');
    await waitFor(() => errors.length === 2, 'the upload');
    const row = await waitFor(() => $$(el, '[part~="file"]').find((r) => r.textContent!.includes('klein.txt')), 'the row');
    expect(row.querySelector('button[aria-label="klein.txt löschen"]')).to.exist;
    expect(row.querySelector('time')!.textContent).to.match(/\d{2}\.\d{2}\.\d{4}/, 'a German date');
  });
});
