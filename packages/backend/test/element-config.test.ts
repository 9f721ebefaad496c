import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { elementConfigFromCdkOutputs } from '../lib/element-config.js';

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
