/**
 * The file browser and its views, in a chunk of their own: the component loads this with
 * import() when storage opens (beside the S3 SDK), so a page's first paint does not carry them.
 */
export { FileBrowser } from './controllers/file-browser.js';
export { browserEvents } from './controllers/element-events.js';
export { storedFiles } from './views/stored-files.js';
export { viewerDialog } from './views/viewer.js';
export { filesStyles } from './files.styles.js';
