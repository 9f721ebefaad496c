/**
 * Prop checks that fail at synth with one clear error naming the prop, rather than a
 * deploy-time CloudFormation error or, worse, a bucket that silently refuses every browser.
 */

/** Thrown for a construct prop that cannot work; the message names the prop. */
export class InvalidPropError extends Error {
  constructor(
    readonly construct: string,
    readonly prop: string,
    detail: string,
  ) {
    super(`${construct}: invalid prop "${prop}": ${detail}`);
    this.name = 'InvalidPropError';
  }
}

/**
 * Checks a CORS origin list: at least one entry, each either exactly `*` (only when the user
 * asked for it) or an origin such as `https://example.com` or `http://localhost:8080`: a scheme,
 * a host, an optional port, and nothing else.
 */
export function validateAllowedOrigins(construct: string, prop: string, origins: readonly string[]): void {
  if (origins.length === 0) {
    throw new InvalidPropError(construct, prop, 'list at least one origin (for example "https://example.com"), or "*" to allow every site');
  }
  for (const origin of origins) {
    if (origin === '*') continue;
    if (!isOrigin(origin)) {
      throw new InvalidPropError(
        construct,
        prop,
        `"${origin}" is not an origin; write scheme, host and optional port only, such as "https://example.com" or "http://localhost:8080"`,
      );
    }
  }
}

function isOrigin(candidate: string): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  // URL normalises; an origin must already be in its normal form with no path, query or fragment.
  return url.origin === candidate;
}
