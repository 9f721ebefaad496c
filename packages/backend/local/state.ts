import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes a file so that a reader (or a restart after kill -9) sees either the old content or
 * the new, never half: write a temporary file beside it, flush it to disk, rename over. The
 * local backend's files (signing key, tokens, users' files) are its owner's only: 0600, in
 * folders of 0700.
 */
export function writeFileAtomic(path: string, data: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

/**
 * A JSON document kept in memory and saved atomically after every change. Small state only
 * (users, identities, credentials); objects live in the object store.
 */
export class JsonFile<T extends object> {
  readonly value: T;

  constructor(
    private readonly path: string,
    initial: () => T,
  ) {
    this.value = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : initial();
    if (!existsSync(path)) this.save();
    // A state file written by an earlier version may be readable by others: no longer.
    else chmodSync(path, 0o600);
  }

  save(): void {
    writeFileAtomic(this.path, JSON.stringify(this.value, null, 1));
  }
}
