// The React 18 wrapper (src/react.ts, `secure-uploader/react`): React sets the element's
// properties (not only attributes) and hears its events through typed `on…` props.
import { expect } from '@open-wc/testing';
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { SecureUploader } from '../src/react.js';
import type { SecureUploaderElement } from '../src/secure-uploader.js';
import { $, clickButton, submitForm, text, uniqueEmail, waitFor } from './helpers.js';
import { elementFixture } from './setup-errors.js';

describe('<SecureUploader> in a React 18 app', () => {
  elementFixture<SecureUploaderElement>();

  it('passes props as properties and calls its on… props with the typed events', async () => {
    expect(React.version.startsWith('18.')).to.equal(true, `React ${React.version}`);
    const container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);
    const errors: string[] = [];
    try {
      root.render(
        React.createElement(SecureUploader, {
          config: '/_test/config.json',
          headingLevel: 3,
          messages: { auth: { signInTitle: 'Welcome back' } },
          onError: (event) => errors.push(`${event.detail.code}: ${event.detail.message}`),
        }),
      );
      const el = await waitFor(() => container.querySelector('secure-uploader'), 'the element');
      await waitFor(() => $(el, 'h3')?.textContent === 'Welcome back', 'props as properties (an object and a number)');
      await submitForm(el, 'sign-in', { email: uniqueEmail('react'), password: 'Wrong-Password-1' });
      await waitFor(() => errors.length === 1, 'onError');
      expect(errors[0]).to.equal('wrong-credentials: Wrong email or password.');
      expect(text(el)).to.contain('Wrong email or password.');
      clickButton(el, 'Create an account');
    } finally {
      root.unmount();
      container.remove();
    }
  });
});
