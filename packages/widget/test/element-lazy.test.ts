// Weight before interaction: a signed-out visitor's page does not load the Cognito code until
// the visitor reaches for the element. (Its own page: no earlier test has loaded that module.)
import { expect } from '@open-wc/testing';
import '../src/secure-uploader.js';
import type { SecureUploaderElement } from '../src/secure-uploader.js';
import { $, mount, waitFor } from './helpers.js';
import { elementFixture } from './setup-errors.js';

const cognitoLoaded = () => performance.getEntriesByType("resource").some((entry) => /\/transport\/user-pool\./.test(entry.name));

describe('<secure-uploader> before anyone signs in', () => {
  const fixture = elementFixture<SecureUploaderElement>();

  it('shows the sign-in screen without the Cognito code, and loads it when the visitor reaches for the element', async () => {
    const el = (fixture.el = await mount());
    await waitFor(() => $(el, 'form[part~="sign-in"]'), 'the sign-in form');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(el.shadowRoot!.activeElement).to.equal(null, 'the page keeps its focus: the element takes none it was not given');
    expect(cognitoLoaded()).to.equal(false, `nothing of Cognito before any interaction: ${performance.getEntriesByType("resource").map((e) => e.name).filter((n) => /user-pool/.test(n)).join(", ")} focus=${String(document.activeElement?.tagName)} ${el.shadowRoot!.activeElement?.tagName}`);
    $<HTMLInputElement>(el, 'input[name="email"]')!.focus();
    await waitFor(cognitoLoaded, 'the Cognito code, once the visitor is in the form');
  });
});
