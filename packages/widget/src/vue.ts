/**
 * `<secure-uploader>` in Vue 3 templates, typed for Volar / vue-tsc: attributes, `messages`, and
 * each `su-*` event (`@su-upload-success`). Types only: `import type {} from 'secure-uploader/vue'`.
 * (Tell Vue's compiler it is a custom element: `isCustomElement: (tag) => tag === 'secure-uploader'`.)
 */
import type { DefineComponent } from 'vue';
import type { SecureUploaderAttributes, SecureUploaderProperties, VueEventProps } from './frameworks.js';

declare module 'vue' {
  interface GlobalComponents {
    'secure-uploader': DefineComponent<SecureUploaderAttributes & SecureUploaderProperties & VueEventProps>;
  }
}

export {};
