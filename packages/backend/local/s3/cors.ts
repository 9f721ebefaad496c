/** CORS as S3 answers it, from the bucket's CORS rules in the template. */
import type { CorsRule } from '../template.js';

const matches = (pattern: string, value: string, ignoreCase: boolean) => {
  const source = pattern.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
};

/** Whether any rule allows this origin at all (for the routes that are not S3's). */
export function originAllowed(rules: CorsRule[], origin: string): boolean {
  return rules.some((rule) => rule.allowedOrigins.some((o) => matches(o, origin, false)));
}

/** The first rule that allows this origin, method and request headers (S3 uses the first match). */
export function findCorsRule(rules: CorsRule[], origin: string, method: string, requestHeaders: string[]): CorsRule | undefined {
  return rules.find(
    (rule) =>
      rule.allowedOrigins.some((o) => matches(o, origin, false)) &&
      rule.allowedMethods.includes(method.toUpperCase()) &&
      requestHeaders.every((h) => rule.allowedHeaders.some((allowed) => matches(allowed, h, true))),
  );
}

/** Response headers for an allowed cross-origin request (preflight or actual). */
export function corsHeaders(rule: CorsRule, origin: string, preflight?: { method: string; headers: string[] }): Record<string, string> {
  const wildcard = rule.allowedOrigins.includes('*');
  const headers: Record<string, string> = {
    'access-control-allow-origin': wildcard ? '*' : origin,
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  };
  if (!wildcard) headers['access-control-allow-credentials'] = 'true';
  if (rule.exposedHeaders.length > 0) headers['access-control-expose-headers'] = rule.exposedHeaders.join(', ');
  if (preflight) {
    headers['access-control-allow-methods'] = rule.allowedMethods.join(', ');
    if (preflight.headers.length > 0) headers['access-control-allow-headers'] = preflight.headers.join(', ');
    if (rule.maxAge !== undefined) headers['access-control-max-age'] = String(rule.maxAge);
  }
  return headers;
}
