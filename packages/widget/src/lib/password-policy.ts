/** The user pool's password policy, shown and checked as the user types. */
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

export interface PasswordRule {
  id: 'length' | 'lowercase' | 'uppercase' | 'number' | 'symbol';
  label: string;
  met: boolean;
}

export function passwordRules(policy: PasswordPolicy, password: string): PasswordRule[] {
  const rules: PasswordRule[] = [{ id: 'length', label: `At least ${policy.minLength} characters`, met: password.length >= policy.minLength }];
  if (policy.requireLowercase) rules.push({ id: 'lowercase', label: 'A lower-case letter', met: /[a-z]/.test(password) });
  if (policy.requireUppercase) rules.push({ id: 'uppercase', label: 'An upper-case letter', met: /[A-Z]/.test(password) });
  if (policy.requireNumbers) rules.push({ id: 'number', label: 'A number', met: /[0-9]/.test(password) });
  if (policy.requireSymbols) rules.push({ id: 'symbol', label: 'A symbol such as ! ? # -', met: SYMBOL.test(password) });
  return rules;
}
