// A keyboard-only walk from sign-up to delete: real key presses (DevTools input), checking
// where focus is after each step and what the live region said.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/secure-uploader.js';
import type { SecureUploaderElement } from '../src/secure-uploader.js';
import { $, $$, backendConfig, clearFaults, dropFiles, injectFault, latestCode, mount, PASSWORD, pdfFile, record, signUpAndIn, uniqueEmail, waitFor } from './helpers.js';
import { elementFixture } from './setup-errors.js';

const focused = (el: SecureUploaderElement) => el.shadowRoot!.activeElement as HTMLElement | null;
const describeFocus = (el: SecureUploaderElement) => {
  const f = focused(el);
  return f ? `${f.tagName.toLowerCase()}[${f.getAttribute('name') ?? f.getAttribute('part') ?? ''}] "${(f.getAttribute('aria-label') ?? f.textContent ?? '').trim()}"` : 'nothing in the element';
};
/** The live region's latest line. */
const announced = (el: SecureUploaderElement) => $(el, '[part~="announcer"] p:last-child')?.textContent?.trim() ?? '';

/** Presses Tab (or Shift+Tab) until `matches` holds for the focused element (at most `limit` presses). */
async function tabTo(el: SecureUploaderElement, matches: (f: HTMLElement) => boolean, what: string, limit = 40, backwards = false) {
  for (let i = 0; i < limit; i++) {
    const f = focused(el);
    if (f && matches(f)) return f;
    if (backwards) await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    if (backwards) await sendKeys({ up: 'Shift' });
  }
  throw new Error(`Tab never reached ${what}; focus is on ${describeFocus(el)}`);
}

describe('<secure-uploader> by keyboard alone', () => {
  const fixture = elementFixture<SecureUploaderElement>();

  it('signs up, confirms, signs in, uploads and deletes, with focus on each new screen and the live region speaking', async () => {
    const config = await backendConfig();
    const el = (fixture.el = await mount());
    const email = uniqueEmail('keys');

    await tabTo(el, (f) => f.textContent === 'Create an account', 'Create an account');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => focused(el)?.matches('form[part~="sign-up"] input[name="email"]'), `focus on the sign-up email, not ${describeFocus(el)}`);
    await sendKeys({ type: email });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: PASSWORD });
    await sendKeys({ press: 'Enter' });

    await waitFor(() => focused(el)?.matches('form[part~="confirm"] input[name="code"]'), `focus on the code, not ${describeFocus(el)}`);
    await sendKeys({ type: await latestCode(config, email) });
    await sendKeys({ press: 'Enter' });

    await waitFor(() => focused(el)?.matches('form[part~="sign-in"] input[name="email"]'), `focus on the sign-in email, not ${describeFocus(el)}`);
    expect((focused(el) as HTMLInputElement).value).to.equal(email, 'the email is kept');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: PASSWORD });
    await sendKeys({ press: 'Enter' });

    await waitFor(() => focused(el)?.matches('[part~="choose-button"]'), `focus on Choose files, not ${describeFocus(el)}`);
    const zone = $(el, '[part~="dropzone"]')!;
    expect([zone.getAttribute('role'), zone.hasAttribute('tabindex')]).to.deep.equal(['group', false], 'the drop zone is a labelled group, not a Tab stop');
    // Picking a file happens in the system's dialog; the files arrive as a drop would bring them.
    dropFiles(el, [pdfFile('Keyboard.pdf')]);
    await tabTo(el, (f) => f.textContent?.trim() === 'Upload 1 file', 'Upload 1 file');
    await sendKeys({ press: 'Enter' });
    const lines = () => [...el.shadowRoot!.querySelectorAll('[part~="announcer"] p')].map((p) => p.textContent!.trim());
    await waitFor(() => lines().includes('Keyboard.pdf uploaded.'), `the upload, announced (heard ${JSON.stringify(lines())})`);
    expect(lines().slice(-2)).to.deep.equal(['Uploading 1 file.', 'Keyboard.pdf uploaded.'], 'the start, then the end, each its own line');

    const del = await tabTo(el, (f) => f.getAttribute('aria-label') === 'Delete Keyboard.pdf', 'the row\'s Delete');
    expect(del.textContent!.trim()).to.equal('Delete', 'the visible word is part of the name');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => focused(el)?.matches('[part~="keep"]'), `focus on Keep, the safe answer, not ${describeFocus(el)}`);
    await waitFor(() => announced(el) === 'Delete this file?', 'the question, announced');
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(focused(el)!.textContent!.trim()).to.equal('Delete');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => announced(el) === 'Keyboard.pdf deleted.', 'the delete, announced');
    await waitFor(() => focused(el)?.matches('section.files .heading'), `focus on the list's heading (no row left), not ${describeFocus(el)}`);
    expect(focused(el)!.tagName).to.equal('H2', 'headings at level 2 by default');

    await tabTo(el, (f) => f.textContent?.trim() === 'Sign out', 'Sign out', 40, true);
    await sendKeys({ press: 'Enter' });
    await waitFor(() => focused(el)?.matches('form[part~="sign-in"] input[name="email"]'), `focus on the sign-in email after signing out, not ${describeFocus(el)}`);
  });

  it('after a delete, focus goes to the row that took its place; a failed delete is shown and said', async () => {
    const config = await backendConfig();
    const el = (fixture.el = await mount({ 'auto-upload': '' }));
    await signUpAndIn(el);
    const uploaded = record(el, ['su-upload-success']);
    dropFiles(el, [pdfFile('First.pdf'), pdfFile('Second.pdf'), pdfFile('Third.pdf')]);
    await waitFor(() => uploaded.length === 3 && $$(el, '[part~="file"]').length === 3, 'three rows');
    const order = () => $$(el, '[part~="file"] [part~="open"]').map((b) => b.textContent!.trim());
    const middle = order()[1]!;

    const del = $(el, `[part~="file"] button[aria-label="Delete ${middle}"]`)!;
    del.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => focused(el)?.matches('[part~="keep"]'), 'Keep');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => focused(el)?.getAttribute('aria-label') === `Delete ${middle}`, `focus back on the row's Delete after Keep, not ${describeFocus(el)}`);

    await sendKeys({ press: 'Enter' });
    await waitFor(() => focused(el)?.matches('[part~="keep"]'), 'Keep again');
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => !order().includes(middle), 'the row to go');
    const third = order()[1]!;
    await waitFor(() => focused(el)?.textContent?.trim() === third, `focus on the next row's name, not ${describeFocus(el)}`);

    // S3 refuses the next delete: the list says so, and so does the live region.
    await injectFault(config, { match: { method: 'POST', service: 's3', path: '?delete' }, status: 500, code: 'InternalError', times: 5 });
    try {
      $(el, `[part~="file"] button[aria-label="Delete ${third}"]`)!.click();
      await waitFor(() => $(el, '[part~="keep"]'), 'the question');
      $$(el, '[part~="file"] button.danger')[0]!.click();
      const problem = await waitFor(() => $(el, '[part~="problem"]'), 'the failure, shown');
      expect(problem.textContent).to.contain('Could not delete the file.');
      await waitFor(() => announced(el) === 'Could not delete the file.', 'the failure, said');
      expect(order()).to.include(third, 'the file is still listed');
    } finally {
      await clearFaults(config);
    }
  });
});
