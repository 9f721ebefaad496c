/**
 * `<secure-uploader>` in React 19 JSX, typed: attributes, `messages`, and each `su-*` event as
 * `onsu-…` (React 19 sets custom elements' properties and listens to their events itself;
 * React 18 apps use `secure-uploader/react`). Types only: `import type {} from 'secure-uploader/jsx'`.
 */
import type * as React from 'react';
import type { ReactEventProps, SecureUploaderAttributes, SecureUploaderProperties } from './frameworks.js';
import type { SecureUploaderElement } from './secure-uploader.js';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'secure-uploader': React.DetailedHTMLProps<React.HTMLAttributes<SecureUploaderElement>, SecureUploaderElement> & SecureUploaderAttributes & SecureUploaderProperties & ReactEventProps;
    }
  }
}

export {};
