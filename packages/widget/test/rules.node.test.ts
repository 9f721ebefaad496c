// Table tests of the small pure rules: the password policy as the element shows it, and
// "latest call wins".
import assert from 'node:assert/strict';
import { en } from '../src/i18n/en.js';
import { Format } from '../src/lib/format.js';
import { describe, it } from 'node:test';
import { LatestCall } from '../src/lib/latest-call.js';
import { DEFAULT_PASSWORD_POLICY, passwordRules, type PasswordPolicy } from '../src/lib/password-policy.js';
import { passwordRuleLabel } from '../src/messages.js';

describe('password rules', () => {
  const unmet = (policy: PasswordPolicy, password: string) =>
    passwordRules(policy, password)
      .filter((rule) => !rule.met)
      .map((rule) => rule.id);
  const cases: [string, string[]][] = [
    ['', ['length', 'lowercase', 'uppercase', 'number', 'symbol']],
    ['Upload-Test-42', []],
    ['upload-test-42', ['uppercase']],
    ['UPLOAD-TEST-42', ['lowercase']],
    ['Upload-Test-xx', ['number']],
    ['UploadTest42', ['symbol']],
    ['Up-4', ['length']],
    ['Pass word 1', []], // a space is one of Cognito's symbols
    ['Pässwörd-1', []],
  ];
  for (const [password, expected] of cases) {
    it(`${JSON.stringify(password)} misses ${expected.join(', ') || 'nothing'}`, () => assert.deepEqual(unmet(DEFAULT_PASSWORD_POLICY, password), expected));
  }

  it('shows only the rules the policy sets, in order, with their words', () => {
    const relaxed = { minLength: 12, requireLowercase: false, requireUppercase: false, requireNumbers: true, requireSymbols: false };
    const rules = passwordRules(relaxed, 'abc');
    assert.deepEqual(rules.map((rule) => rule.id), ['length', 'number']);
    const t = en.catalog(new Format('en'));
    assert.deepEqual(rules.map((rule) => passwordRuleLabel(t, rule)), ['At least 12 characters', 'A number']);
  });
});

describe('LatestCall', () => {
  it('aborts the previous call when a new one begins, and nothing after cancel', () => {
    const latest = new LatestCall();
    const first = latest.begin();
    assert.equal(latest.pending, true);
    const second = latest.begin();
    assert.equal(first.aborted, true);
    assert.equal(second.aborted, false);
    latest.finish(first); // a stale finish changes nothing
    assert.equal(latest.pending, true);
    latest.finish(second);
    assert.equal(latest.pending, false);
    latest.cancel();
    assert.equal(second.aborted, false, 'a finished call is not aborted later');
    const third = latest.begin();
    latest.cancel();
    assert.equal(third.aborted, true);
  });
});
