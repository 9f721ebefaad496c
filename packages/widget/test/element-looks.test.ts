// Every screen in light and dark, and right to left, at a desktop and a phone width: axe finds
// no violation of any impact in any of them, and each is saved as a screenshot
// (test-results/screenshots/, kept as a test artifact).
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../src/secure-uploader.js';
import type { SecureUploaderElement } from '../src/secure-uploader.js';
import { $, $$, backendConfig, clickButton, dropFiles, imageFile, latestCode, mount, PASSWORD, pdfFile, record, submitForm, text, uniqueEmail, waitFor } from './helpers.js';
import { elementFixture } from './setup-errors.js';
import { looks } from './looks.js';

describe('<secure-uploader> every screen, light and dark, left and right to left, wide and narrow', () => {
  const fixture = elementFixture<SecureUploaderElement>();

  it('passes axe in every state and is photographed', async () => {
    const page = document.createElement('main');
    page.innerHTML = '<h1>A page that embeds the uploader</h1>';
    document.body.append(page);
    try {
      const config = await backendConfig();
      const el = (fixture.el = await mount({ 'auto-upload': '', accept: 'image/*,.pdf' }, undefined, page));
      await looks(el, 'sign-in');

      clickButton(el, 'Create an account');
      const email = uniqueEmail('looks');
      await submitForm(el, 'sign-up', { email: 'not-yet', password: 'abc' });
      await looks(el, 'sign-up');
      await submitForm(el, 'sign-up', { email, password: PASSWORD });
      await waitFor(() => $(el, 'form[part~="confirm"]'), 'the confirm screen');
      await submitForm(el, 'confirm', { code: '000000' });
      await waitFor(() => $(el, '[part~="error"]'), 'an error');
      await looks(el, 'confirm-with-error');
      await submitForm(el, 'confirm', { code: await latestCode(config, email) });
      await waitFor(() => /confirmed/.test(text(el)), 'confirmed');
      clickButton(el, 'Forgot your password?');
      await looks(el, 'forgot');
      await submitForm(el, 'forgot', { email });
      await waitFor(() => $(el, 'form[part~="reset"]'), 'the reset screen');
      await submitForm(el, 'reset', { code: '000000', password: 'short' });
      await looks(el, 'reset');
      clickButton(el, 'Back to sign in');
      await submitForm(el, 'sign-in', { email, password: PASSWORD });
      await waitFor(() => $(el, '[part~="dropzone"]'), 'signed in');

      const uploads = record(el, ['su-upload-success']);
      dropFiles(el, [await imageFile('Beach at sunset, a very long name for a narrow screen.jpg', 'image/jpeg', 800, 600), pdfFile('Invoice 2026-12.pdf')]);
      dropFiles(el, [new File(['plain text'], 'notes.txt', { type: 'text/plain' })]);
      await waitFor(() => uploads.length === 2 && $(el, '[data-status="refused"]'), 'the uploads, and a refused file');
      await waitFor(() => $$(el, 'img[part~="thumbnail"]').length >= 2, 'thumbnails');
      clickButton(el, 'New folder');
      await submitForm(el, 'new-folder-form', { name: 'Holiday 2026' });
      await waitFor(() => $$(el, '[part~="folder"]').length === 1, 'the folder');
      await looks(el, 'my-files');
      // At a phone's width a long name stays on one line (ellipsis), the row's actions under it.
      await executeServerCommand('look', { width: 375, colorScheme: 'light' });
      const longName = $$(el, '[part~="file"] [part~="open"]').find((b) => b.textContent!.includes('very long name'))!;
      expect(longName.getBoundingClientRect().height).to.be.below(30, 'one line');
      const row = longName.closest('li')!;
      expect(row.querySelector('.actions')!.getBoundingClientRect().top).to.be.at.least(longName.getBoundingClientRect().bottom - 1, 'actions under the name');
      // Windows high contrast, and no motion for those who asked for less.
      await executeServerCommand('look', { width: 1100, forcedColors: true, reducedMotion: true });
      await expect(el).to.be.accessible();
      await executeServerCommand('screenshot', { name: 'my-files-forced-colors-1100' });
      expect(getComputedStyle($(el, '[part~="dropzone"]')!).transitionDuration).to.equal('0s');
      await executeServerCommand('look', { width: 1100 });
      expect(getComputedStyle($(el, '[part~="dropzone"]')!).transitionDuration).to.not.equal('0s');

      const pdfRow = $$(el, '[part~="file"]').find((r) => r.textContent!.includes('Invoice'))!;
      clickButton(el, 'Delete', pdfRow);
      await waitFor(() => $(el, '[part~="keep"]'), 'the question');
      await looks(el, 'delete-question');
      clickButton(el, 'Keep');

      $$(el, '[part~="file"] [part~="open"]').find((b) => b.textContent!.includes('Beach'))!.click();
      await waitFor(() => $(el, 'dialog[open] img.full'), 'the viewer');
      await looks(el, 'viewer');
      $<HTMLButtonElement>(el, 'dialog[open] button.primary')!.click();

      // A guest's read-only list, after signing out.
      clickButton(el, 'Sign out');
      await waitFor(() => $(el, 'form[part~="sign-in"]'), 'signed out');
      clickButton(el, 'Continue as guest');
      await waitFor(() => /Browsing as a guest/.test(text(el)) && $(el, 'section.files'), 'guest mode');
      await looks(el, 'guest');
      el.remove();

      // A configuration it cannot use.
      const broken = (fixture.el = document.createElement('secure-uploader'));
      broken.setAttribute('region', 'nowhere');
      page.append(broken);
      await waitFor(() => /not configured correctly/.test(text(broken)), 'the configuration problems');
      await looks(broken, 'config-problems');
    } finally {
      page.remove();
    }
  });
});
