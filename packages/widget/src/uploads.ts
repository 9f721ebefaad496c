// The upload panel, loaded with import() when storage opens (beside the credentials), so a
// visitor who never signs in does not download it: the queue, the drop target, the thumbnail
// maker and their views.
export { DropTarget } from './controllers/drop-target.js';
export { UploadQueue } from './controllers/upload-queue.js';
export { uploadEvents } from './controllers/element-events.js';
export { ThumbnailMaker } from './thumbnails.js';
export { dropZone, uploadQueue } from './views/upload-panel.js';
export { filesStyles } from './files.styles.js';
