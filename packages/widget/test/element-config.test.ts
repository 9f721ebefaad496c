import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../src/secure-uploader.js';
import type { SecureUploaderElement } from '../src/secure-uploader.js';

async function settled(el: SecureUploaderElement) {
  // Config loads asynchronously; wait until the element leaves its loading state.
  for (let i = 0; i < 100 && el.shadowRoot!.querySelector('[part="status"]')?.textContent === 'Loading…'; i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  await el.updateComplete;
}

describe('<secure-uploader> configuration', () => {
  it('with no configuration, explains what is missing and fires su-error', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    const errorEvent = oneEvent(wrapper, 'su-error');
    const el = document.createElement('secure-uploader');
    wrapper.append(el);
    const { detail } = await errorEvent;
    expect(detail.code).to.equal('config-invalid');
    await settled(el);
    const alert = el.shadowRoot!.querySelector('[part="error"]')!;
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(alert.textContent).to.contain('not configured correctly');
    expect(alert.textContent).to.contain('"userPoolId" (attribute user-pool-id) is missing');
  });

  it('with a malformed attribute, names it', async () => {
    const el = await fixture<SecureUploaderElement>(html`<secure-uploader
      region="eu-west-1"
      user-pool-id="eu-west-1_Abc"
      user-pool-client-id="abc123"
      identity-pool-id="eu-west-1:8b2f1c3e-1111-2222-3333-444455556666"
      bucket="Bad Bucket"
    ></secure-uploader>`);
    await settled(el);
    expect(el.shadowRoot!.querySelector('[part="error"]')!.textContent).to.contain('"bucket" (attribute bucket) is not valid: "Bad Bucket"');
  });

  it('with a config URL that does not exist, says so', async () => {
    const el = await fixture<SecureUploaderElement>(html`<secure-uploader config="/does-not-exist.json"></secure-uploader>`);
    await settled(el);
    expect(el.shadowRoot!.querySelector('[part="error"]')!.textContent).to.contain('could not load the configuration file /does-not-exist.json: HTTP 404');
  });

  it('with a config file that is not JSON, says so', async () => {
    const el = await fixture<SecureUploaderElement>(html`<secure-uploader config="/packages/widget/test/element-config.test.ts"></secure-uploader>`);
    await settled(el);
    expect(el.shadowRoot!.querySelector('[part="error"]')!.textContent).to.contain('is not valid JSON');
  });

  it('with valid attributes, is ready', async () => {
    const el = await fixture<SecureUploaderElement>(html`<secure-uploader
      region="eu-west-1"
      user-pool-id="eu-west-1_Abc"
      user-pool-client-id="abc123"
      identity-pool-id="eu-west-1:8b2f1c3e-1111-2222-3333-444455556666"
      bucket="my-bucket"
    ></secure-uploader>`);
    await settled(el);
    expect(el.shadowRoot!.querySelector('[part="error"]')).to.equal(null);
  });
});
