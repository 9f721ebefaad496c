/**
 * What keeps other web pages out of a developer's local backend. Any page the developer has
 * open can send requests to 127.0.0.1; these rules decide what such a page gets:
 * - the Host header must name this backend (an IP address or `localhost`, with its port, or a
 *   name the developer allowed): a DNS-rebinding page's requests name the attacker's host;
 * - the admin routes (`/_local/outbox`, `/_local/faults`, Cognito's Admin* operations) need the token
 *   `npm start` prints, as `?token=` or an `X-Local-Token` header;
 * - browsers get CORS answers only for the origins the stack's bucket allows.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { originAllowed } from './s3/cors.js';
import type { CorsRule } from './template.js';

export const TOKEN_HEADER = 'x-local-token';

/** A new admin token: 128 random bits, URL-safe. */
export const newAdminToken = () => randomBytes(16).toString('base64url');

export class Guard {
  constructor(
    private readonly port: number,
    private readonly token: string,
    private readonly cors: CorsRule[],
    private readonly allowedHosts: readonly string[] = [],
  ) {}

  /** Whether the Host header names this backend. */
  hostAllowed(host: string | undefined): boolean {
    if (!host) return false;
    const value = host.toLowerCase();
    if (this.allowedHosts.includes(value)) return true;
    const match = /^(\[[0-9a-f:.]+\]|[^:]+):(\d+)$/.exec(value);
    if (!match || Number(match[2]) !== this.port) return false;
    const name = match[1]!.replace(/^\[|\]$/g, '');
    return name === 'localhost' || isIP(name) !== 0;
  }

  /** Whether the request carries the admin token (query `token` or the X-Local-Token header). */
  hasToken(req: IncomingMessage): boolean {
    const header = req.headers[TOKEN_HEADER];
    const query = new URL(req.url ?? '/', 'http://local').searchParams.get('token');
    const given = typeof header === 'string' ? header : query;
    if (!given) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** The Access-Control-Allow-Origin to answer a browser with, or undefined: no CORS for it. */
  corsOrigin(req: IncomingMessage): string | undefined {
    const origin = req.headers.origin;
    if (typeof origin !== 'string' || !originAllowed(this.cors, origin)) return undefined;
    return this.cors.some((rule) => rule.allowedOrigins.includes('*')) ? '*' : origin;
  }
}
