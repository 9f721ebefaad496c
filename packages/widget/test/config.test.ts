import { expect } from '@open-wc/testing';
import { validateConfig } from '../src/lib/config.js';

const valid = {
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_AbC123xyz',
  userPoolClientId: '4k2j3h4g5f6d7s8a9q0w1e2r3t',
  identityPoolId: 'eu-west-1:8b2f1c3e-1111-2222-3333-444455556666',
  bucket: 'my-uploads',
};

describe('validateConfig', () => {
  it('accepts a complete configuration and trims a trailing slash from the endpoint', () => {
    expect(validateConfig({ ...valid, endpoint: 'http://127.0.0.1:4566/' })).to.deep.equal({
      ok: true,
      config: { ...valid, endpoint: 'http://127.0.0.1:4566' },
    });
    expect(validateConfig(valid)).to.deep.equal({ ok: true, config: valid });
  });

  const cases: [string, unknown, RegExp][] = [
    ['not an object', 'x', /must be a JSON object/],
    ['an array', [], /must be a JSON object/],
    ['no region', { ...valid, region: undefined }, /"region" \(attribute region\) is missing/],
    ['a bad user pool id', { ...valid, userPoolId: 'pool' }, /"userPoolId" \(attribute user-pool-id\) is not valid: "pool"/],
    ['a client id with a space', { ...valid, userPoolClientId: 'a b' }, /"userPoolClientId" \(attribute user-pool-client-id\) is not valid/],
    ['a bad identity pool id', { ...valid, identityPoolId: 'eu-west-1:nope' }, /"identityPoolId" \(attribute identity-pool-id\) is not valid/],
    ['an upper-case bucket', { ...valid, bucket: 'My_Bucket' }, /"bucket" \(attribute bucket\) is not valid/],
    ['a number where a string belongs', { ...valid, bucket: 42 }, /"bucket" .* is not valid: 42/],
    ['a pool in another region', { ...valid, userPoolId: 'us-east-1_AbC' }, /"userPoolId" is in region us-east-1 but "region" is eu-west-1/],
    ['an endpoint that is not a URL', { ...valid, endpoint: 'localhost:4566' }, /"endpoint" .* is not an http\(s\) URL/],
    ['an unknown storage layout', { ...valid, storageLayout: 'flat' }, /"storageLayout" must be one of "identity-folders", "amplify-gen1"/],
    ['limits that are not bytes', { ...valid, limits: { maxObjectBytes: -1, quotaBytes: 10 } }, /"limits" must be \{maxObjectBytes, quotaBytes\}/],
    ['a sign-up flag that is not a boolean', { ...valid, selfSignUp: 'no' }, /"selfSignUp" must be true or false/],
    ['an unknown MFA mode', { ...valid, mfa: 'sms' }, /"mfa" must be one of "off", "optional", "required"/],
  ];
  for (const [name, input, message] of cases) {
    it(`refuses ${name}`, () => {
      const result = validateConfig(input);
      expect(result.ok).to.equal(false);
      if (!result.ok) expect(result.problems.join('\n')).to.match(message);
    });
  }

  it('keeps the storage layout, sign-up and the server\'s limits', () => {
    const full = { ...valid, storageLayout: 'amplify-gen1', selfSignUp: false, mfa: 'required', limits: { maxObjectBytes: 1024, quotaBytes: 4096 } };
    expect(validateConfig(full)).to.deep.equal({ ok: true, config: full });
  });

  it('lists every problem at once', () => {
    const result = validateConfig({});
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.problems).to.have.length(5);
  });
});
