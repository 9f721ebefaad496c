import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { ACCESS_PRESETS, type AccessRules } from '../lib/constructs/access-rules.js';
import * as iam from 'aws-cdk-lib/aws-iam';
import { stackPropsFromContext } from '../lib/app.js';
import { SecureUploaderAuth } from '../lib/constructs/auth.js';
import { SecureUploaderStorage } from '../lib/constructs/storage.js';
import { InvalidPropError } from '../lib/constructs/validation.js';
import { synthStack } from './template-helpers.js';

/** Asserts that building fails with one InvalidPropError naming `prop`. */
function assertRejectsProp(build: () => unknown, prop: string, mentions: RegExp) {
  assert.throws(build, (error: unknown) => {
    assert.ok(error instanceof InvalidPropError, `expected InvalidPropError, got ${String(error)}`);
    assert.equal(error.prop, prop);
    assert.match(error.message, new RegExp(`invalid prop "${prop}"`));
    assert.match(error.message, mentions);
    return true;
  });
}

describe('bad props fail at synth with one clear error naming the prop', () => {
  it('an empty origin list', () => {
    assertRejectsProp(() => synthStack({ allowedOrigins: [] }), 'allowedOrigins', /at least one origin/);
  });

  for (const origin of ['example.com', 'not a url', 'ftp://example.com', 'https://example.com/', 'https://example.com/app', 'https://example.com?x=1', 'HTTPS://Example.com']) {
    it(`an origin that is not an origin: ${origin}`, () => {
      assertRejectsProp(() => synthStack({ allowedOrigins: ['https://ok.example', origin] }), 'allowedOrigins', new RegExp(`"${origin.replace(/[?/.]/g, '\\$&')}" is not an origin`));
    });
  }

  it('a password shorter than Cognito allows', () => {
    const stack = new Stack(new App(), 'S');
    assertRejectsProp(() => new SecureUploaderAuth(stack, 'Auth', { passwordMinLength: 6 }), 'passwordMinLength', /from 8 to 99/);
  });

  it('the storage construct checks origins on its own, for users composing their own stack', () => {
    const stack = new Stack(new App(), 'S');
    const role = new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() });
    assertRejectsProp(() => new SecureUploaderStorage(stack, 'Storage', { authenticatedRole: role, allowedOrigins: [] }), 'allowedOrigins', /at least one/);
  });

  it('a refresh-token lifetime Cognito refuses', () => {
    assertRejectsProp(() => synthStack({ refreshTokenValidity: Duration.minutes(30) }), 'refreshTokenValidity', /1 hour to 3650 days/);
    assertRejectsProp(() => synthStack({ refreshTokenValidity: Duration.days(3651) }), 'refreshTokenValidity', /1 hour to 3650 days/);
  });

  it('limits that are not a positive whole number of bytes', () => {
    assertRejectsProp(() => synthStack({ maxObjectBytes: 0 }), 'maxObjectBytes', /whole number of bytes/);
    assertRejectsProp(() => synthStack({ quotaBytes: 1.5 }), 'quotaBytes', /whole number of bytes/);
  });

  const badRules: [string, Record<string, unknown>, RegExp][] = [
    ['no paths', {}, /at least one path/],
    ['a path without /*', { 'public/': { authenticated: ['read'] } }, /is not a path/],
    ['a placeholder inside a folder name', { 'public/x{identity}/*': { owner: ['read'] } }, /is not a path/],
    ['two placeholders', { 'a/{identity}/{identity}/*': { owner: ['read'] } }, /is not a path/],
    ['an unknown grantee', { 'public/*': { everyone: ['read'] } }, /unknown grantee "everyone"/],
    ['an unknown permission', { 'public/*': { authenticated: ['admin'] } }, /unknown permission "admin"/],
    ['an empty list', { 'public/*': { authenticated: [] } }, /empty permission list/],
    ['a repeated permission', { 'public/*': { authenticated: ['read', 'read'] } }, /twice/],
    ['owner without {identity}', { 'public/*': { owner: ['write'] } }, /owner rules need "\{identity\}"/],
    ['guest writes', { 'public/{identity}/*': { guest: ['write'] } }, /guests may only read/],
    ['overlapping paths', { 'public/*': { authenticated: ['read'] }, 'public/{identity}/*': { owner: ['write'] } }, /overlap/],
    ['a level the element cannot use', { 'private/*': { authenticated: ['read'] } }, /keeps private files in "private\/\{identity\}\/\*"/],
  ];
  for (const [what, rules, message] of badRules) {
    it(`access rules with ${what}`, () => {
      assertRejectsProp(() => synthStack({ access: rules as AccessRules }), 'access', message);
    });
  }

  it('accepts both presets and rules of its own shape', () => {
    synthStack({ access: ACCESS_PRESETS.ownerWrites });
    synthStack({ access: ACCESS_PRESETS.amplifyGen1 });
    synthStack({ access: { 'private/{identity}/*': { owner: ['read', 'write'] }, 'team/shared/*': { authenticated: ['read'] } } });
  });

  it('accepts origins with ports, http for localhost, and * when asked', () => {
    synthStack({ allowedOrigins: ['http://localhost:5173', 'https://a.example.com:8443', 'http://127.0.0.1:8080'] });
    synthStack({ allowedOrigins: ['*'] });
  });
});

describe('context options of the CDK app', () => {
  const withContext = (context: Record<string, unknown>) => stackPropsFromContext(new App({ context }));

  it('reads comma-separated origins, guests, removal policy, versioning, sign-up and the access preset', () => {
    const props = withContext({ allowedOrigins: 'https://a.example, https://b.example', allowGuests: 'true', removalPolicy: 'destroy', versioned: 'false', selfSignUp: 'false', access: 'amplifyGen1' });
    assert.deepEqual(props.allowedOrigins, ['https://a.example', 'https://b.example']);
    assert.equal(props.allowGuests, true);
    assert.equal(props.removalPolicy, 'destroy');
    assert.equal(props.versioned, false);
    assert.equal(props.selfSignUp, false);
    assert.equal(props.access, ACCESS_PRESETS.amplifyGen1);
  });

  it('leaves everything else to the defaults when only the origins are given', () => {
    assert.deepEqual(withContext({ allowedOrigins: 'https://a.example' }), {
      allowedOrigins: ['https://a.example'],
      allowGuests: undefined,
      removalPolicy: undefined,
      versioned: undefined,
      selfSignUp: undefined,
      access: undefined,
      mfa: undefined,
      maxObjectBytes: undefined,
      quotaBytes: undefined,
    });
  });

  it('refuses a stack only this machine could use, unless asked for one (the local backend asks)', () => {
    for (const context of [{}, { allowedOrigins: 'http://localhost:5173,http://127.0.0.1:8080' }, { allowedOrigins: 'http://[::1]:3000' }, { localOnly: 'false' }]) {
      assertRejectsProp(() => withContext(context), 'allowedOrigins', /only origins on this machine.*-c allowedOrigins=https:\/\/example\.com/);
    }
    assert.equal(withContext({ localOnly: 'true' }).allowedOrigins, undefined);
    assert.deepEqual(withContext({ allowedOrigins: 'http://localhost:8080,https://app.example' }).allowedOrigins, ['http://localhost:8080', 'https://app.example']);
  });

  it('rejects a bad value with the key it came from', () => {
    const ok = { allowedOrigins: 'https://a.example' };
    assertRejectsProp(() => withContext({ ...ok, allowGuests: 'yes' }), 'allowGuests', /"true" or "false"/);
    assertRejectsProp(() => withContext({ ...ok, removalPolicy: 'delete' }), 'removalPolicy', /"retain" or "destroy"/);
    assertRejectsProp(() => withContext({ ...ok, access: 'open' }), 'access', /ownerWrites, amplifyGen1/);
    assertRejectsProp(() => withContext({ ...ok, quotaBytes: '10GB' }), 'quotaBytes', /whole number of bytes/);
    assertRejectsProp(() => withContext({ ...ok, mfa: 'sms' }), 'mfa', /off, optional, required/);
  });
});
