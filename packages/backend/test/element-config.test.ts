import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { elementConfigFromCdkOutputs, validateConfig } from '../lib/element-config.js';
import { resolveIntrinsics } from '../local/template.js';
import { STACK_NAME } from '../lib/app.js';
import { startTestBackend, synthForTest } from './local/harness.js';

const run = promisify(execFile);

const deployed = {
  SecureUploader: {
    Region: 'eu-west-1',
    UserPoolId: 'eu-west-1_AbCdEf123',
    UserPoolClientId: '1example23456789',
    IdentityPoolId: 'eu-west-1:11111111-2222-3333-4444-555555555555',
    BucketName: 'secureuploader-storagebucket-abc',
    PasswordPolicy: '{"minLength":10,"requireLowercase":true,"requireUppercase":true,"requireNumbers":true,"requireSymbols":true}',
    AllowGuests: 'false',
  },
};

describe('cdk deploy outputs to the element config', () => {
  it('maps each output to its config key', () => {
    assert.deepEqual(elementConfigFromCdkOutputs(deployed), {
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_AbCdEf123',
      userPoolClientId: '1example23456789',
      identityPoolId: 'eu-west-1:11111111-2222-3333-4444-555555555555',
      bucket: 'secureuploader-storagebucket-abc',
      passwordPolicy: { minLength: 10, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true },
    });
  });

  it('names the missing stack or output', () => {
    assert.throws(() => elementConfigFromCdkOutputs({ Other: {} }), /no outputs for stack "SecureUploader" in the file \(found: Other\)/);
    const { BucketName: _omitted, ...withoutBucket } = deployed.SecureUploader;
    assert.throws(() => elementConfigFromCdkOutputs({ SecureUploader: withoutBucket }), /no output "BucketName"/);
    assert.throws(() => elementConfigFromCdkOutputs('x'), /not a JSON object/);
  });

  it('works as the documented command', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'su-config-'));
    try {
      await writeFile(join(dir, 'cdk-outputs.json'), JSON.stringify(deployed));
      await run('npx', ['tsx', 'bin/outputs-to-config.ts', join(dir, 'cdk-outputs.json'), join(dir, 'config.json')]);
      assert.deepEqual(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')), elementConfigFromCdkOutputs(deployed));
      await writeFile(join(dir, 'bad.json'), '{}');
      await assert.rejects(run('npx', ['tsx', 'bin/outputs-to-config.ts', join(dir, 'bad.json')]), /no outputs for stack/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/**
 * What `cdk deploy` would write for the synthesized stack: each output's value with its Refs
 * resolved to ids of the shapes AWS gives (a user pool `region_name`, an identity pool
 * `region:uuid`, a 26-character client id).
 */
function deployOutputs(template: { Resources: Record<string, { Type: string }>; Outputs: Record<string, { Value: unknown }> }, region: string) {
  const ids: Record<string, string> = {
    'AWS::Cognito::UserPool': `${region}_AbCdEf123`,
    'AWS::Cognito::UserPoolClient': 'abcdefghijklmnopqrstuvwxyz',
    'AWS::Cognito::IdentityPool': `${region}:11111111-2222-3333-4444-555555555555`,
    'AWS::S3::Bucket': 'secureuploader-storagebucket-abc123',
  };
  const refs: Record<string, string> = { 'AWS::Region': region };
  for (const [logicalId, resource] of Object.entries(template.Resources)) if (ids[resource.Type]) refs[logicalId] = ids[resource.Type]!;
  const outputs = Object.fromEntries(Object.entries(template.Outputs).map(([name, output]) => [name, resolveIntrinsics(output.Value, refs, {})]));
  return { [STACK_NAME]: outputs };
}

describe('one config contract: what the backend produces passes the element\'s validation', () => {
  for (const context of [{}, { allowGuests: 'true' }] as Record<string, string>[]) {
    it(`the config made from the stack's deploy outputs (${JSON.stringify(context)})`, async () => {
      const template = (await synthForTest(context)) as Parameters<typeof deployOutputs>[0];
      const config = elementConfigFromCdkOutputs(deployOutputs(template, 'eu-west-1'));
      const result = validateConfig(config);
      assert.deepEqual(result, { ok: true, config }, JSON.stringify(result));
      assert.equal(config.allowGuests, context.allowGuests === 'true' ? true : undefined);
      assert.ok(config.passwordPolicy, 'the password policy travels in the config');
    });
  }

  it('the config the local backend serves at /_local/config', async () => {
    const local = await startTestBackend({ context: { allowGuests: 'true' } });
    try {
      const served = await (await fetch(`${local.backend.url}/_local/config`)).json();
      const result = validateConfig(served);
      assert.deepEqual(result, { ok: true, config: served }, JSON.stringify(result));
      assert.deepEqual(served, local.backend.config);
    } finally {
      await local.stop();
    }
  });
});
