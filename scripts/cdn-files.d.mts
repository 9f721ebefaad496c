/** See cdn-files.mjs: which files of the CDN build a page loads at each moment. */
export function cdnFiles(dist: string): { beforeInteraction: Set<string>; signingIn: Set<string>; afterSignIn: Set<string>; account: Set<string>; workers: Set<string> };
