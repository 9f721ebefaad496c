import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** `cdk synth` as a user runs it: the real CLI, offline, with cdk-nag at synth. */
describe('npx cdk synth', () => {
  const dirs: string[] = [];
  after(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  async function synth(...context: string[]) {
    const out = await mkdtemp(join(tmpdir(), 'su-synth-'));
    dirs.push(out);
    const args = ['cdk', 'synth', '--quiet', '--output', out, ...context.flatMap((c) => ['-c', c])];
    const result = await run('npx', args, { env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' } });
    return { out, ...result };
  }

  it('writes the template with the access policies, with no nag finding', async () => {
    const { out } = await synth('allowedOrigins=https://example.com');
    const template = JSON.parse(await readFile(join(out, 'SecureUploader.template.json'), 'utf8'));
    const sids = Object.values(template.Resources as Record<string, { Type: string; Properties: { PolicyDocument?: { Statement: { Sid?: string }[] } } }>)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => r.Properties.PolicyDocument!.Statement.map((s) => s.Sid))
      .filter((sid) => sid !== undefined);
    assert.deepEqual(sids, ['GetObjects', 'WriteObjects', 'DeleteObjects', 'ListPrefixes']);
  });

  it('`cdk deploy` refuses a stack whose only origins are the local demo\'s, before touching AWS', async () => {
    const out = await mkdtemp(join(tmpdir(), 'su-deploy-'));
    dirs.push(out);
    const args = ['cdk', 'deploy', '--require-approval', 'never', '--output', out];
    await assert.rejects(run('npx', args, { env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', AWS_ACCESS_KEY_ID: 'unused', AWS_SECRET_ACCESS_KEY: 'unused', AWS_REGION: 'us-east-1' } }), (error: { stderr: string }) => {
      assert.match(error.stderr, /error: cdk context: invalid prop "allowedOrigins": names only origins on this machine/);
      return true;
    });
  });

  it('fails with one clear line for a bad origin', async () => {
    await assert.rejects(synth('allowedOrigins=https://example.com/path'), (error: { stderr: string }) => {
      assert.match(error.stderr, /error: SecureUploaderStorage: invalid prop "allowedOrigins": "https:\/\/example.com\/path" is not an origin/);
      assert.doesNotMatch(error.stderr, /\n\s+at /, 'no stack trace');
      return true;
    });
  });
});
