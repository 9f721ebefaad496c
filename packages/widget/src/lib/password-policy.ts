/**
 * The user pool's password policy, shown and checked as the user types. The one declaration
 * of its shape: the config JSON, the stack's `PasswordPolicy` output and the local backend
 * all use it.
 */
export interface PasswordPolicy {
  minLength: number;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
}

/** Cognito's default, also what the stack sets unless told otherwise. */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 8, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true };

/** Cognito's symbol set. */
const SYMBOL = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/;

/** One rule of the policy and whether a password meets it (messages.ts has its words). */
export type PasswordRule = { id: 'length'; minLength: number; met: boolean } | { id: 'lowercase' | 'uppercase' | 'number' | 'symbol'; met: boolean };

/** The rules the policy sets, in the order they are shown, each checked against `password`. */
export function passwordRules(policy: PasswordPolicy, password: string): PasswordRule[] {
  const rules: PasswordRule[] = [{ id: 'length', minLength: policy.minLength, met: password.length >= policy.minLength }];
  if (policy.requireLowercase) rules.push({ id: 'lowercase', met: /[a-z]/.test(password) });
  if (policy.requireUppercase) rules.push({ id: 'uppercase', met: /[A-Z]/.test(password) });
  if (policy.requireNumbers) rules.push({ id: 'number', met: /[0-9]/.test(password) });
  if (policy.requireSymbols) rules.push({ id: 'symbol', met: SYMBOL.test(password) });
  return rules;
}

/** Whether the password meets every rule of the policy (what Cognito will check). */
export const meetsPolicy = (policy: PasswordPolicy, password: string) => passwordRules(policy, password).every((rule) => rule.met);
