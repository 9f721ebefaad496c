/**
 * The Lambda the stack runs for every new object (S3 ObjectCreated events): `enforceLimits`
 * with the bucket as its store. Settings come from the environment the construct sets. The
 * AWS SDK is the Lambda runtime's own (the construct bundles this file without it).
 */
import { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { enforceLimits, LIMIT_ENV, type LimitSettings, type LimitStore } from './limits.js';

/** The parts of an S3 event notification this handler reads. */
export interface S3CreatedEvent {
  Records: { s3: { bucket: { name: string }; object: { key: string; size?: number; versionId?: string } } }[];
}

const s3 = new S3Client({});

function bucketStore(bucket: string): LimitStore {
  return {
    async usage(prefixes) {
      let total = 0;
      for (const prefix of prefixes) {
        let token: string | undefined;
        do {
          const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
          for (const object of page.Contents ?? []) total += object.Size ?? 0;
          token = page.NextContinuationToken;
        } while (token);
      }
      return total;
    },
    async remove(key, versionId) {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
    },
    async record(key, body) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json' }));
    },
  };
}

/** Event keys are URL-encoded with `+` for spaces. */
const eventKey = (key: string) => decodeURIComponent(key.replace(/\+/g, ' '));

export async function handler(event: S3CreatedEvent): Promise<void> {
  const settings: LimitSettings = { maxObjectBytes: Number(process.env[LIMIT_ENV.maxObjectBytes]), quotaBytes: Number(process.env[LIMIT_ENV.quotaBytes]) };
  for (const record of event.Records) {
    const { bucket, object } = record.s3;
    const rejection = await enforceLimits(bucketStore(bucket.name), { key: eventKey(object.key), size: object.size ?? 0, versionId: object.versionId }, settings);
    // One line per removal: CloudWatch keeps what was removed and why.
    if (rejection) console.log(JSON.stringify({ removed: rejection.key, reason: rejection.reason, record: rejection.recordKey }));
  }
}
