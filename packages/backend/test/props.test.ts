import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
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

  it('accepts origins with ports, http for localhost, and * when asked', () => {
    synthStack({ allowedOrigins: ['http://localhost:5173', 'https://a.example.com:8443', 'http://127.0.0.1:8080'] });
    synthStack({ allowedOrigins: ['*'] });
  });
});

describe('context options of the CDK app', () => {
  const withContext = (context: Record<string, unknown>) => stackPropsFromContext(new App({ context }));

  it('reads comma-separated origins, guests, removal policy and versioning', () => {
    const props = withContext({ allowedOrigins: 'https://a.example, https://b.example', allowGuests: 'true', removalPolicy: 'destroy', versioned: 'false' });
    assert.deepEqual(props.allowedOrigins, ['https://a.example', 'https://b.example']);
    assert.equal(props.allowGuests, true);
    assert.equal(props.removalPolicy, 'destroy');
    assert.equal(props.versioned, false);
  });

  it('leaves everything to the defaults when no context is given', () => {
    assert.deepEqual(withContext({}), { allowedOrigins: undefined, allowGuests: undefined, removalPolicy: undefined, versioned: undefined });
  });

  it('rejects a bad value with the key it came from', () => {
    assertRejectsProp(() => withContext({ allowGuests: 'yes' }), 'allowGuests', /"true" or "false"/);
    assertRejectsProp(() => withContext({ removalPolicy: 'delete' }), 'removalPolicy', /"retain" or "destroy"/);
  });
});
