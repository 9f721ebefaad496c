import { expect } from '@open-wc/testing';
import '../src/secure-uploader.js';
import type { SecureUploaderElement } from '../src/secure-uploader.js';
import { $, $$, clickButton, dropFiles, imageFile, mount, pdfFile, record, signUpAndIn, text, waitFor } from './helpers.js';
import { elementFixture } from './setup-errors.js';

describe('<secure-uploader> guest mode (the test backend allows guests)', () => {
  const fixture = elementFixture<SecureUploaderElement>();

  it('a signed-in user publishes to their own public/ folder; a guest can browse and download it, and change nothing', async () => {
    let el: SecureUploaderElement;
    el = fixture.el = await mount({ 'access-level': 'public', 'auto-upload': '' });
    const events = record(el, ['su-upload-success']);
    const signedIn = record(el, ['su-signed-in']);
    await signUpAndIn(el);
    await waitFor(() => signedIn.length === 1, 'the identity');
    const identityId = String(signedIn[0]!.detail.identityId);
    const name = `notice-${Date.now()}.pdf`;
    const poster = `poster-${Date.now()}.png`;
    dropFiles(el, [pdfFile(name), await imageFile(poster, 'image/png', 300, 200)]);
    await waitFor(() => events.length === 2, 'the uploads');
    expect(String(events[0]!.detail.key).startsWith(`public/${identityId}/`)).to.equal(true, 'under the writer\'s own folder: nobody else may change it');
    clickButton(el, 'Sign out');
    await waitFor(() => $(el, 'form[part~="sign-in"]'), 'signed out');
    el.remove();

    el = fixture.el = await mount();
    clickButton(el, 'Continue as guest');
    await waitFor(() => /Browsing as a guest/.test(text(el)), 'guest mode');
    // public/ holds one folder per uploader.
    const uploader = await waitFor(() => $$(el, '[part~="folder"]').find((r) => r.querySelector('[part~="open"]')?.textContent?.trim() === identityId), 'the uploader\'s folder');
    uploader.querySelector<HTMLButtonElement>('[part~="open"]')!.click();
    const row = await waitFor(() => $$(el, '[part~="file"]').find((r) => r.textContent!.includes(name)), 'the public file');
    expect($(el, '[part~="dropzone"]')).to.equal(null, 'guests cannot upload');
    // Readers of public files get the preview stored beside the image.
    const posterRow = await waitFor(() => $$(el, '[part~="file"]').find((r) => r.textContent!.includes(poster)), 'the public image');
    await waitFor(() => posterRow.querySelector('img[part~="thumbnail"]'), 'its stored preview, for a guest');
    // The name opens (or, for a PDF, downloads) it; nothing changes anything.
    expect([...row.querySelectorAll('button')].map((b) => b.textContent!.trim())).to.deep.equal([name, 'Download']);
    expect(row.querySelector('input[type="checkbox"]')).to.equal(null, 'nothing to select for deletion');
    expect($$(el, '[part~="new-folder"]')).to.deep.equal([]);
    const clicked: string[] = [];
    const originalClick = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push(this.href);
    };
    try {
      clickButton(el, 'Download', row);
      await waitFor(() => clicked.length === 1, 'the download');
    } finally {
      HTMLAnchorElement.prototype.click = originalClick;
    }
    expect((await fetch(clicked[0]!)).status).to.equal(200);
    clickButton(el, 'Sign in');
    await waitFor(() => $(el, 'form[part~="sign-in"]'), 'back to sign in');
  });
});
