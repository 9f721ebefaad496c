// The script tag's entry (dist/cdn/secure-uploader.js). The bundled lit is its browser build,
// which needs a DOM as it loads; a server render that imports this file in Node (no DOM) gets
// an inert module instead of an exception. In a browser it loads the element at once.
// (The npm build needs no such care: lit's own `node` export brings its DOM shim.)
if (typeof document !== 'undefined') await import('./secure-uploader.js');
export {};
