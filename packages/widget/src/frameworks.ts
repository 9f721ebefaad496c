/**
 * The element's attributes and events as template types, for `secure-uploader/jsx` (React 19
 * JSX) and `secure-uploader/vue` (Vue 3 templates).
 */
import type { SecureUploaderEventMap } from './events.js';
import type { MessageOverrides } from './i18n/catalog.js';
import type { KeepSession } from './lib/keep-session.js';
import type { AccessLevel } from './lib/keys.js';

/** Every attribute, as a page writes it (the custom-elements manifest lists the same). */
export interface SecureUploaderAttributes {
  config?: string;
  region?: string;
  'user-pool-id'?: string;
  'user-pool-client-id'?: string;
  'identity-pool-id'?: string;
  bucket?: string;
  endpoint?: string;
  'access-level'?: AccessLevel;
  path?: string;
  accept?: string;
  'max-file-size'?: string;
  'max-files'?: number | string;
  'auto-upload'?: boolean;
  'keep-location'?: boolean;
  checksum?: 'crc32c' | 'off';
  'max-image-size'?: number | string;
  'image-quality'?: number | string;
  'keep-session'?: KeepSession;
  theme?: 'light' | 'dark' | 'auto';
  'heading-level'?: number | string;
  lang?: string;
}

/** Properties that are not attributes. */
export interface SecureUploaderProperties {
  messages?: MessageOverrides;
}

type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;

/** React 19 listens to a custom element's events through `on` + the event's name. */
export type ReactEventProps = { [N in keyof SecureUploaderEventMap as `on${N}`]?: (event: SecureUploaderEventMap[N]) => void };

/** Vue turns `@su-upload-success` into the prop `onSuUploadSuccess`. */
export type VueEventProps = { [N in keyof SecureUploaderEventMap as `on${Capitalize<Camel<N>>}`]?: (event: SecureUploaderEventMap[N]) => void };
