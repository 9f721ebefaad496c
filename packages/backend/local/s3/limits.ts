/**
 * The stack's server-side limits, run in-process: on AWS an S3 event invokes the limits Lambda
 * seconds after an object is created; here the same `enforceLimits` runs as soon as it is
 * stored, before the request is answered, so tests see the end state at once.
 */
import { Readable } from 'node:stream';
import { enforceLimits, type LimitSettings, type LimitStore } from '../../lib/limits/limits.js';
import type { Logger } from '../log.js';
import type { ObjectStore, StoredObject } from './object-store.js';

export class LocalLimits {
  private readonly bucket: LimitStore;

  constructor(
    store: ObjectStore,
    private readonly settings: LimitSettings,
    private readonly log: Pick<Logger, 'warn'>,
  ) {
    this.bucket = {
      usage: async (prefixes) => store.sizeUnder(prefixes),
      remove: async (key) => void store.delete(key),
      record: async (key, body) => {
        const staged = await store.stage(Readable.from([Buffer.from(body)]));
        store.commit(key, staged, { contentType: 'application/json', metadata: {}, etag: `"${staged.md5.toString('hex')}"` });
      },
    };
  }

  /** Checks a new object against the limits; removes it (and says why in the log) when it breaks one. */
  async created(object: StoredObject): Promise<void> {
    const rejection = await enforceLimits(this.bucket, { key: object.key, size: object.size }, this.settings);
    if (rejection) {
      const limit = rejection.reason === 'too-large' ? `the ${this.settings.maxObjectBytes}-byte object limit` : `the owner's ${this.settings.quotaBytes}-byte quota`;
      this.log.warn(`limits: removed ${object.key} (${object.size} bytes): over ${limit}${rejection.recordKey ? `; recorded at ${rejection.recordKey}` : ''}`);
    }
  }
}
