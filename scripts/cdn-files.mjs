// Which files of the CDN build (packages/widget/dist/cdn) a page loads at each moment: read
// from the files themselves (their static imports), shared by the bundle benchmark and the
// package test that holds the element to its weight budget.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @param {string} dist the CDN build's folder
 */
export function cdnFiles(dist) {
  const files = readdirSync(dist).filter((f) => f.endsWith('.js'));
  /** The one file whose name starts with `prefix` (chunk names end in a hash). */
  const chunk = (prefix) => {
    const found = files.find((f) => f.startsWith(prefix));
    if (!found) throw new Error(`no ${prefix}* chunk in ${dist}`);
    return found;
  };
  /** A file and every file it imports statically (what the browser fetches before running it). */
  const staticClosure = (entry, seen = new Set()) => {
    if (seen.has(entry)) return seen;
    seen.add(entry);
    const code = readFileSync(join(dist, entry), 'utf8');
    for (const match of code.matchAll(/(?:import|export)\s*(?:[^'"()]*?from\s*)?["']\.\/([^"']+)["']/g)) staticClosure(match[1], seen);
    return seen;
  };
  // The entry loads the element's chunk at once (a dynamic import, so Node can import the entry
  // without a DOM): before any interaction, the page has loaded both and what they import.
  const beforeInteraction = staticClosure(chunk('secure-uploader-'), staticClosure('secure-uploader.js'));
  // Reaching for the element loads the Cognito chunk.
  const signingIn = staticClosure(chunk('user-pool-'), new Set(beforeInteraction));
  // After sign-in, side by side: the S3 and identity-pool SDKs, the file browser, the upload
  // panel, the thumbnail maker and (for English) the signed-in screens' words.
  const afterSignIn = ['storage-session-', 'file-browser-', 'uploads-', 'thumbnails-', 'en-files-'].reduce((seen, prefix) => staticClosure(chunk(prefix), seen), new Set(signingIn));
  // Opening the Account screen (or an authenticator app asked for at sign-in) adds its chunk.
  const account = new Set([...staticClosure(chunk('account-'))].filter((file) => !afterSignIn.has(file)));
  // The workers, each with what it imports: thumbnails, and the checksums of an upload's parts.
  const workers = ['thumbnail-worker.js', 'checksum-worker.js'].reduce((seen, entry) => staticClosure(entry, seen), new Set());
  return { beforeInteraction, signingIn, afterSignIn, account, workers };
}
