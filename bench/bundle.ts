/**
 * Benchmark: bytes a page loads for <secure-uploader> at four moments, against the floor of
 * its dependencies (exactly the parts of lit, amazon-cognito-identity-js, the S3 and
 * identity-pool SDKs the element uses, bundled and minified by esbuild in this run):
 *   before interaction  what the script tag loads: all a visitor who never signs in pays
 *   signing in          plus the Cognito chunk, loaded when the visitor reaches for the
 *                       element (at once when a kept session is to be restored)
 *   after sign-in       plus the S3 and identity-pool chunk, the upload panel's and the file browser's
 *   after first upload  plus the thumbnail worker
 * Prints human lines, then one JSON line.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { minify, type MinifyOptions } from 'terser';
import { cdnFiles } from '../scripts/cdn-files.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'packages/widget/dist/cdn');
execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'ignore' });

interface Sizes {
  min: number;
  gzip: number;
  brotli: number;
}
const sizesOf = (code: Buffer): Sizes => ({
  min: code.length,
  gzip: gzipSync(code, { level: 9 }).length,
  brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});
const add = (a: Sizes, b: Sizes): Sizes => ({ min: a.min + b.min, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });
const ZERO: Sizes = { min: 0, gzip: 0, brotli: 0 };
const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

const { beforeInteraction: firstPaint, signingIn: firstLoad, afterSignIn, account, workers } = cdnFiles(dist);
const total = (set: Set<string>) => [...set].reduce((sum, f) => add(sum, sizesOf(readFileSync(join(dist, f)))), ZERO);
const ours = { firstPaint: total(firstPaint), firstLoad: total(firstLoad), afterSignIn: total(afterSignIn), account: total(account), worker: total(workers) };

const TERSER: MinifyOptions = { ecma: 2022, module: true, compress: { passes: 2 }, format: { comments: false } };

async function floor(source: string): Promise<Sizes> {
  const result = await build({
    stdin: { contents: source, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    define: { global: 'globalThis' },
    write: false,
    logLevel: 'error',
  });
  // The same second pass the element's build gets (rollup.config.mjs), so the floor is as small as ours can be.
  const { code } = await minify(result.outputFiles[0]!.text, TERSER);
  return sizesOf(Buffer.from(code ?? ''));
}
const signInDependencies = `
  export { LitElement, html, css, nothing } from 'lit';
  export { CognitoUserPool, CognitoUser, AuthenticationDetails, CognitoUserAttribute } from 'amazon-cognito-identity-js';`;
const allDependencies = `${signInDependencies}
  export { S3Client, PutObjectCommand, GetObjectCommand, HeadObjectCommand, DeleteObjectCommand, ListObjectsV2Command,
    CreateMultipartUploadCommand, UploadPartCommand, CompleteMultipartUploadCommand, AbortMultipartUploadCommand, ListPartsCommand } from '@aws-sdk/client-s3';
  export { CognitoIdentityClient, GetIdCommand, GetCredentialsForIdentityCommand } from '@aws-sdk/client-cognito-identity';
  export { getSignedUrl } from '@aws-sdk/s3-request-presigner';`;
const floors = {
  firstPaint: await floor(`export { LitElement, html, css, nothing } from 'lit';`),
  firstLoad: await floor(signInDependencies),
  afterSignIn: await floor(allDependencies),
};

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
const result = {
  benchmark: 'bundle',
  firstPaintKB: { min: kb(ours.firstPaint.min), gzip: kb(ours.firstPaint.gzip), brotli: kb(ours.firstPaint.brotli) },
  firstLoadKB: { min: kb(ours.firstLoad.min), gzip: kb(ours.firstLoad.gzip), brotli: kb(ours.firstLoad.brotli) },
  afterSignInKB: { min: kb(ours.afterSignIn.min), gzip: kb(ours.afterSignIn.gzip), brotli: kb(ours.afterSignIn.brotli) },
  workerKB: { gzip: kb(ours.worker.gzip) },
  accountKB: { gzip: kb(ours.account.gzip) },
  dependencyFloorKB: { firstPaintGzip: kb(floors.firstPaint.gzip), firstLoadGzip: kb(floors.firstLoad.gzip), afterSignInGzip: kb(floors.afterSignIn.gzip) },
  firstPaintVsFloor: ratio(ours.firstPaint.gzip, floors.firstPaint.gzip),
  firstLoadVsFloor: ratio(ours.firstLoad.gzip, floors.firstLoad.gzip),
  afterSignInVsFloor: ratio(ours.afterSignIn.gzip, floors.afterSignIn.gzip),
  files: { firstPaint: [...firstPaint], firstLoad: [...firstLoad], afterSignIn: [...afterSignIn] },
};
console.log(`bundle: before interaction ${result.firstPaintKB.gzip} KB gzip (${result.firstPaintKB.brotli} KB brotli), ${result.firstPaintVsFloor}× lit's ${result.dependencyFloorKB.firstPaintGzip} KB`);
console.log(`bundle: signing in ${result.firstLoadKB.gzip} KB gzip (${result.firstLoadKB.brotli} KB brotli), ${result.firstLoadVsFloor}× its dependencies' floor of ${result.dependencyFloorKB.firstLoadGzip} KB`);
console.log(`bundle: after sign-in ${result.afterSignInKB.gzip} KB gzip in all (${result.afterSignInKB.brotli} KB brotli), ${result.afterSignInVsFloor}× the floor of ${result.dependencyFloorKB.afterSignInGzip} KB`);
console.log(`bundle: after the first upload ${kb(ours.afterSignIn.gzip + ours.worker.gzip)} KB gzip in all, ${ratio(ours.afterSignIn.gzip + ours.worker.gzip, floors.afterSignIn.gzip)}× the same floor (the thumbnail and checksum workers, ${result.workerKB.gzip} KB)`);
console.log(`bundle: the account screen adds ${result.accountKB.gzip} KB gzip (its chunk and the QR code drawer), loaded only when opened`);
console.log(JSON.stringify(result));
