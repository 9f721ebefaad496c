// A Vue 3 app embedding <secure-uploader>: attributes from Vue state, and the element's events
// handled by Vue (onSuUploadSuccess listens to `su-upload-success`). Render functions with
// Vue's runtime-only build need no eval, so the page keeps a strict CSP.
import { createApp, h, ref } from '/vendor/vue.js';

createApp({
  setup() {
    const uploaded = ref([]);
    const user = ref('');
    return () => [
      h('h1', 'secure-uploader in a Vue app'),
      h('p', user.value ? `Vue knows you are ${user.value}.` : 'Sign in below; Vue listens to the element.'),
      h('secure-uploader', {
        config: '/config.json',
        'auto-upload': '',
        onSuSignedIn: (event) => (user.value = event.detail.email),
        onSuSignedOut: () => (user.value = ''),
        onSuUploadSuccess: (event) => uploaded.value.push(event.detail.name),
      }),
      h('h2', 'Uploaded in this visit (from su-upload-success)'),
      h('ul', { id: 'uploaded' }, uploaded.value.map((name) => h('li', name))),
    ];
  },
}).mount('#app');
