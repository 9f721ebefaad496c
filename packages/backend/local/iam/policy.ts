/**
 * A small IAM policy evaluator for the statements the stack emits: Allow/Deny, Action and
 * Resource with wildcards, policy variables, and String/Numeric/Bool/Null conditions (with
 * the ForAnyValue/ForAllValues set operators and the IfExists suffix). Deny by default; an explicit Deny wins; anything it
 * does not understand never grants and always refuses, and the reason is returned for the log.
 */

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: unknown;
  NotPrincipal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** One request to decide. */
export interface AccessRequest {
  /** e.g. `s3:GetObject` */
  action: string;
  /** e.g. `arn:aws:s3:::bucket/private/us-east-1:…/photo.jpg` */
  resource: string;
  /** Condition keys and their values for this request (absent keys are simply missing). */
  context: Record<string, string | string[] | undefined>;
  /** Values of policy variables, e.g. `cognito-identity.amazonaws.com:sub`. */
  variables: Record<string, string>;
}

export interface Decision {
  allowed: boolean;
  /** Why, in words for the log. */
  reason: string;
  /** Parts of the policy the evaluator did not understand while deciding. */
  notUnderstood: string[];
}

/** Condition keys this evaluator knows how to supply. A condition on another key is not understood. */
export const KNOWN_CONDITION_KEYS = new Set(['s3:prefix', 's3:delimiter', 's3:max-keys', 'aws:securetransport', 's3:x-amz-storage-class', 's3:tlsversion']);

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

type Match = { matches: boolean; notUnderstood: string[] };

/** Replaces `${key}` policy variables; an unknown variable makes the value not understood. */
function substitute(text: string, variables: Record<string, string>, notUnderstood: string[]): string | undefined {
  let ok = true;
  const result = text.replace(/\$\{([^}]*)\}/g, (_whole, name: string) => {
    if (name === '*' || name === '?' || name === '$') return `\u0000${name}`; // literal, escaped below
    const value = variables[name] ?? variables[name.toLowerCase()];
    if (value === undefined) {
      ok = false;
      notUnderstood.push(`policy variable \${${name}}`);
      return '';
    }
    // A substituted value is literal: escape IAM wildcards it might contain.
    return value.replace(/[*?]/g, (c) => `\u0000${c}`);
  });
  return ok ? result : undefined;
}

/** `*` and `?` wildcards, as IAM uses them in actions, resources and StringLike, after policy variables. */
function patternMatches(pattern: string, value: string, variables: Record<string, string>, ignoreCase: boolean, notUnderstood: string[]): boolean {
  const substituted = substitute(pattern, variables, notUnderstood);
  if (substituted === undefined) return false;
  // Escaped literals: compare them as themselves.
  const parts = substituted.split(/\u0000([*?$])/);
  const source = parts
    .map((part, i) => (i % 2 === 1 ? `\\${part}` : part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')))
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

const STRING_OPERATORS: Record<string, (pattern: string, value: string, variables: Record<string, string>, notUnderstood: string[]) => boolean> = {
  StringEquals: (p, v, vars, nu) => substitute(p, vars, nu) === v,
  StringEqualsIgnoreCase: (p, v, vars, nu) => substitute(p, vars, nu)?.toLowerCase() === v.toLowerCase(),
  StringLike: (p, v, vars, nu) => patternMatches(p, v, vars, false, nu),
  Bool: (p, v) => p.toLowerCase() === v.toLowerCase(),
  NumericEquals: (p, v) => numeric(p, v, (a, b) => a === b),
  NumericLessThan: (p, v) => numeric(p, v, (a, b) => a < b),
  NumericLessThanEquals: (p, v) => numeric(p, v, (a, b) => a <= b),
  NumericGreaterThan: (p, v) => numeric(p, v, (a, b) => a > b),
  NumericGreaterThanEquals: (p, v) => numeric(p, v, (a, b) => a >= b),
};

/** Compares the request's value with the policy's; a value that is not a number never matches. */
function numeric(pattern: string, value: string, compare: (actual: number, expected: number) => boolean): boolean {
  const actual = Number(value);
  const expected = Number(pattern);
  return value.trim() !== '' && Number.isFinite(actual) && Number.isFinite(expected) && compare(actual, expected);
}
const NEGATED: Record<string, string> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  NumericNotEquals: 'NumericEquals',
};

function conditionMatches(condition: Record<string, Record<string, unknown>>, request: AccessRequest): Match {
  const notUnderstood: string[] = [];
  for (const [rawOperator, entries] of Object.entries(condition)) {
    let operator = rawOperator;
    let set: 'ForAnyValue' | 'ForAllValues' | undefined;
    const prefixed = /^(ForAnyValue|ForAllValues):(.+)$/.exec(operator);
    if (prefixed) {
      set = prefixed[1] as 'ForAnyValue' | 'ForAllValues';
      operator = prefixed[2]!;
    }
    // `…IfExists`: a key missing from the request satisfies the condition.
    const ifExists = operator.endsWith('IfExists');
    if (ifExists) operator = operator.slice(0, -'IfExists'.length);
    const negated = operator in NEGATED;
    const base = negated ? NEGATED[operator]! : operator;
    for (const [rawKey, expected] of Object.entries(entries)) {
      const key = rawKey.toLowerCase();
      if (!KNOWN_CONDITION_KEYS.has(key)) {
        notUnderstood.push(`condition key ${rawKey}`);
        return { matches: false, notUnderstood };
      }
      const actual = list(request.context[key]);
      if (ifExists && actual.length === 0) continue;
      const patterns = list(expected as string | string[]).map(String);
      if (operator === 'Null') {
        const isNull = actual.length === 0;
        if (!patterns.some((p) => (p.toLowerCase() === 'true') === isNull)) return { matches: false, notUnderstood };
        continue;
      }
      const test = STRING_OPERATORS[base];
      if (!test) {
        notUnderstood.push(`condition operator ${rawOperator}`);
        return { matches: false, notUnderstood };
      }
      const valueMatches = (value: string) => patterns.some((p) => test(p, value, request.variables, notUnderstood));
      let ok: boolean;
      if (set === 'ForAnyValue') ok = negated ? actual.some((v) => !valueMatches(v)) : actual.some(valueMatches);
      else if (set === 'ForAllValues') ok = negated ? actual.every((v) => !valueMatches(v)) : actual.every(valueMatches);
      else if (actual.length === 0) ok = negated; // a missing key: positive operators fail, negated ones hold
      else ok = negated ? !valueMatches(actual[0]!) : valueMatches(actual[0]!);
      if (notUnderstood.length > 0) return { matches: false, notUnderstood };
      if (!ok) return { matches: false, notUnderstood };
    }
  }
  return { matches: true, notUnderstood };
}

/** Whether a statement applies to the request; unknown parts are reported, never guessed. */
function statementApplies(statement: Statement, request: AccessRequest, isResourcePolicy: boolean): Match {
  const notUnderstood: string[] = [];
  if (statement.NotAction !== undefined) notUnderstood.push('NotAction');
  if (statement.NotResource !== undefined) notUnderstood.push('NotResource');
  if (statement.NotPrincipal !== undefined) notUnderstood.push('NotPrincipal');
  if (isResourcePolicy) {
    const principal = statement.Principal as { AWS?: unknown } | string | undefined;
    const everyone = principal === '*' || (typeof principal === 'object' && principal !== null && list(principal.AWS as string | string[]).includes('*'));
    if (!everyone) notUnderstood.push(`principal ${JSON.stringify(principal)}`);
  } else if (statement.Principal !== undefined) {
    notUnderstood.push('Principal in an identity policy');
  }
  if (notUnderstood.length > 0) return { matches: false, notUnderstood };

  const actionMatches = list(statement.Action).some((pattern) => patternMatches(pattern, request.action, {}, true, notUnderstood));
  if (!actionMatches) return { matches: false, notUnderstood };
  const resourceMatches = list(statement.Resource).some((pattern) => patternMatches(pattern, request.resource, request.variables, false, notUnderstood));
  if (notUnderstood.length > 0 || !resourceMatches) return { matches: false, notUnderstood };
  if (!statement.Condition) return { matches: true, notUnderstood };
  return conditionMatches(statement.Condition, request);
}

const describe = (s: Statement, i: number) => (s.Sid ? `statement "${s.Sid}"` : `statement #${i + 1}`);

/**
 * Decides a request against the caller's identity policies and the bucket's resource policy.
 * An explicit Deny (or a Deny the evaluator cannot fully understand) refuses; otherwise an
 * Allow that fully matches grants; otherwise the implicit deny.
 */
export function evaluate(identityStatements: Statement[], resourceStatements: Statement[], request: AccessRequest): Decision {
  const notUnderstood: string[] = [];
  const all = [
    ...identityStatements.map((s, i) => ({ s, i, resourcePolicy: false, where: 'role policy' })),
    ...resourceStatements.map((s, i) => ({ s, i, resourcePolicy: true, where: 'bucket policy' })),
  ];
  for (const { s, i, resourcePolicy, where } of all) {
    if (s.Effect !== 'Deny') continue;
    const result = statementApplies(s, request, resourcePolicy);
    notUnderstood.push(...result.notUnderstood);
    if (result.matches) return { allowed: false, reason: `explicitly denied by ${where} ${describe(s, i)}`, notUnderstood };
    if (result.notUnderstood.length > 0) {
      return { allowed: false, reason: `denied: ${where} ${describe(s, i)} uses ${result.notUnderstood.join(', ')}, which the local backend does not understand`, notUnderstood };
    }
  }
  for (const { s, i, resourcePolicy, where } of all) {
    if (s.Effect !== 'Allow' || resourcePolicy) continue; // resource-policy grants to principals are not modelled
    const result = statementApplies(s, request, resourcePolicy);
    notUnderstood.push(...result.notUnderstood);
    if (result.matches) return { allowed: true, reason: `allowed by ${where} ${describe(s, i)}`, notUnderstood };
  }
  const extra = notUnderstood.length > 0 ? ` (not understood, so not granted: ${[...new Set(notUnderstood)].join(', ')})` : '';
  return { allowed: false, reason: `no statement allows ${request.action} on ${request.resource}${extra}`, notUnderstood };
}
