/**
 * Fault injection for tests of retry and resume, against real failures:
 * `POST /_local/faults` with a JSON rule, `GET /_local/faults` lists, `DELETE /_local/faults`
 * clears. A rule matches on method, service, operation (X-Amz-Target operation) and a text
 * the URL contains, and fires `times` times (default 1). Plain text, not a regular
 * expression: a pattern that backtracks (`^/(a+)+$`) would stall every request it is tried on.
 *
 *   { "match": { "method": "PUT", "path": "partNumber=2" }, "status": 503, "times": 1 }
 *   { "match": { "service": "s3" }, "drop": true }           // the connection is destroyed
 *   { "match": { "operation": "GetCredentialsForIdentity" }, "delayMs": 2000 }
 *   { "match": { "path": "private/" }, "dropAfterBytes": 1048576 }  // mid-body disconnect
 *   { "match": { "path": "partNumber=2" }, "flipByteAt": 1000 }       // a damaged byte in the body
 */
import type { IncomingMessage } from 'node:http';

/**
 * Request bodies a `flipByteAt` fault damages: the S3 body reader flips that byte as it arrives
 * (the request then goes on, so checksums and signatures are what must catch it).
 */
export const bodyFlips = new WeakMap<IncomingMessage, number>();

export interface FaultRule {
  id: number;
  match: {
    method?: string;
    service?: 's3' | 'cognito-idp' | 'cognito-identity';
    /** X-Amz-Target operation name, e.g. InitiateAuth. */
    operation?: string;
    /** Text the request URL (path and query, as sent) contains. */
    path?: string;
  };
  /** Answer with this HTTP status (and an error body in the service's format). */
  status?: number;
  /** The error code to send with `status` (default: ServiceUnavailable / InternalErrorException). */
  code?: string;
  /** Destroy the connection without answering. */
  drop?: boolean;
  /** Read this many bytes of the request body, then destroy the connection. */
  dropAfterBytes?: number;
  /** Invert the bits of the body's byte at this offset (the decoded payload's, from 0), then handle the request. */
  flipByteAt?: number;
  /** Wait this long before handling (or failing) the request. */
  delayMs?: number;
  /** How many requests this rule affects; then it is removed. Default 1. */
  times: number;
  /** How many requests it has affected so far. */
  hits: number;
}

export type FaultInput = Omit<FaultRule, 'id' | 'hits' | 'times'> & { times?: number };

export class Faults {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(input: FaultInput): FaultRule {
    if (!input || typeof input !== 'object' || typeof input.match !== 'object') throw new Error('a fault needs a "match" object');
    if (input.status === undefined && !input.drop && input.dropAfterBytes === undefined && input.delayMs === undefined && input.flipByteAt === undefined) {
      throw new Error('a fault needs "status", "drop", "dropAfterBytes", "flipByteAt" or "delayMs"');
    }
    if (input.flipByteAt !== undefined && (!Number.isInteger(input.flipByteAt) || input.flipByteAt < 0)) throw new Error('"flipByteAt" is a byte offset in the body, a whole number from 0');
    if (input.match.path !== undefined && typeof input.match.path !== 'string') throw new Error('"match.path" is text the URL contains');
    if (input.times !== undefined && (!Number.isInteger(input.times) || input.times < 1)) throw new Error('"times" is a whole number of requests, at least 1');
    const rule: FaultRule = { ...input, id: this.nextId++, times: input.times ?? 1, hits: 0 };
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return this.rules;
  }

  clear(): void {
    this.rules = [];
  }

  /** The rule that applies to this request, counting the hit; undefined when none. */
  take(request: { method: string; service: FaultRule['match']['service']; operation?: string; url: string }): FaultRule | undefined {
    const rule = this.rules.find(
      ({ match }) =>
        (match.method === undefined || match.method.toUpperCase() === request.method) &&
        (match.service === undefined || match.service === request.service) &&
        (match.operation === undefined || match.operation === request.operation) &&
        (match.path === undefined || request.url.includes(match.path)),
    );
    if (!rule) return undefined;
    rule.hits += 1;
    if (rule.hits >= rule.times) this.rules = this.rules.filter((r) => r !== rule);
    return rule;
  }
}
