/**
 * `<SecureUploader>` for React 18 apps (React 19 sets custom elements' properties and events
 * itself): the element wrapped by @lit/react, with its properties as props and each `su-*`
 * event as a typed `on…` prop.
 *
 *   import { SecureUploader } from 'secure-uploader/react';
 *   <SecureUploader config="/secure-uploader.json" onUploadSuccess={(e) => console.log(e.detail.key)} />
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import type { SecureUploaderEventMap } from './events.js';
import { SecureUploaderElement } from './secure-uploader.js';

const event = <N extends keyof SecureUploaderEventMap>(name: N) => name as EventName<SecureUploaderEventMap[N]>;

export const SecureUploader = createComponent({
  tagName: 'secure-uploader',
  elementClass: SecureUploaderElement,
  react: React,
  events: {
    onError: event('su-error'),
    onSignedIn: event('su-signed-in'),
    onSignedOut: event('su-signed-out'),
    onUploadStart: event('su-upload-start'),
    onUploadProgress: event('su-upload-progress'),
    onUploadSuccess: event('su-upload-success'),
    onUploadError: event('su-upload-error'),
    onFileDeleted: event('su-file-deleted'),
    onFilesDeleted: event('su-files-deleted'),
    onFolderChange: event('su-folder-change'),
    onMfaChanged: event('su-mfa-changed'),
    onPasswordChanged: event('su-password-changed'),
    onSignedOutEverywhere: event('su-signed-out-everywhere'),
    onAccountDeleted: event('su-account-deleted'),
  },
  displayName: 'SecureUploader',
});
