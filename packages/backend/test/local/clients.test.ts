import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { credentialsFor, newSignedInUser, startTestBackend, type IdentityCredentials, type TestBackend } from './harness.js';

const run = promisify(execFile);
// Debian's packages, installed by .ci/run; not whatever else is first on PATH.
const AWS_CLI = '/usr/bin/aws';
const PYTHON = '/usr/bin/python3';
const MB = 1000 * 1000;

describe('clients no one here wrote: awscli v2 and boto3 from Debian', () => {
  let t: TestBackend;
  let dir: string;
  let file: string;
  let fileMd5: string;
  let credentials: IdentityCredentials;
  let prefix: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    t = await startTestBackend();
    dir = await mkdtemp(join(tmpdir(), 'su-clients-'));
    file = join(dir, 'fifty-megabytes.bin');
    const data = randomBytes(50 * MB);
    fileMd5 = createHash('md5').update(data).digest('hex');
    await writeFile(file, data);
    const user = await newSignedInUser(t.backend, 'cli');
    credentials = await credentialsFor(t.backend, user.session.getIdToken().getJwtToken());
    prefix = `private/${credentials.identityId}/`;
    const config = join(dir, 'aws-config');
    await writeFile(config, '[default]\ns3 =\n  addressing_style = path\n');
    env = {
      PATH: process.env.PATH,
      HOME: dir,
      AWS_CONFIG_FILE: config,
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SESSION_TOKEN: credentials.sessionToken,
      AWS_DEFAULT_REGION: t.backend.config.region,
      AWS_PAGER: '',
    };
  });
  after(async () => {
    await t.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const aws = async (...args: string[]) => {
    try {
      return await run(AWS_CLI, ['--endpoint-url', t.backend.url, '--no-cli-pager', ...args], { env, maxBuffer: 1 << 28 });
    } catch (error) {
      const { stderr = '', message } = error as { stderr?: string; message: string };
      throw new Error(`aws ${args.join(' ')} failed: ${stderr.slice(-2000) || message}`);
    }
  };
  const md5File = async (path: string) => createHash('md5').update(await readFile(path)).digest('hex');

  it('awscli puts 50 MB by multipart, gets, lists, presigns and copies it', async () => {
    const url = `s3://${t.backend.config.bucket}/${prefix}`;
    await aws('s3', 'cp', '--no-progress', file, `${url}cli/big.bin`);
    const head = JSON.parse((await aws('s3api', 'head-object', '--bucket', t.backend.config.bucket, '--key', `${prefix}cli/big.bin`)).stdout);
    assert.equal(head.ContentLength, 50 * MB);
    assert.match(head.ETag, /-\d+"$/, 'a multipart ETag');
    await aws('s3', 'cp', `${url}cli/big.bin`, join(dir, 'cli-download.bin'));
    assert.equal(await md5File(join(dir, 'cli-download.bin')), fileMd5);
    const listing = (await aws('s3', 'ls', `${url}cli/`)).stdout;
    assert.match(listing, /50000000 big\.bin/);
    const presigned = (await aws('s3', 'presign', `${url}cli/big.bin`, '--expires-in', '60')).stdout.trim();
    const fetched = Buffer.from(await (await fetch(presigned)).arrayBuffer());
    assert.equal(createHash('md5').update(fetched).digest('hex'), fileMd5);
    // The stack grants no s3:GetObjectTagging (as on AWS, the default --copy-props would be
    // refused), so copy metadata only.
    await aws('s3', 'cp', '--copy-props', 'metadata-directive', `${url}cli/big.bin`, `${url}cli/copy.bin`);
    await aws('s3', 'cp', `${url}cli/copy.bin`, join(dir, 'cli-copy.bin'));
    assert.equal(await md5File(join(dir, 'cli-copy.bin')), fileMd5);
    await assert.rejects(aws('s3', 'cp', file, `s3://${t.backend.config.bucket}/private/someone-else/x.bin`), /AccessDenied/);
    // rm --recursive lists, then deletes in one DeleteObjects request.
    await aws('s3', 'rm', '--recursive', `${url}cli/`);
    assert.doesNotMatch((await aws('s3', 'ls', `${url}cli/`).catch(() => ({ stdout: '' }))).stdout, /big\.bin|copy\.bin/);
  });

  it('boto3 uploads 50 MB by multipart, downloads, lists, presigns and copies it', async () => {
    const script = fileURLToPath(new URL('./clients/boto3_roundtrip.py', import.meta.url));
    const { stdout } = await run(PYTHON, [script, t.backend.url, t.backend.config.region, t.backend.config.bucket, prefix, file], { env, maxBuffer: 1 << 24 });
    const result = JSON.parse(stdout);
    assert.equal(result.size, 50 * MB);
    assert.match(result.etag, /-6"$/, '50 MB in six 8 MiB parts');
    assert.equal(result.downloaded, fileMd5);
    assert.equal(result.presigned, fileMd5);
    assert.deepEqual(result.listed, [`${prefix}boto3/big.bin`]);
    assert.equal(result.copySize, 50 * MB);
    assert.equal(result.otherPrefix, 'AccessDenied');
  });
});
