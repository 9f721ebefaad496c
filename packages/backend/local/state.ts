import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes a file so that a reader (or a restart after kill -9) sees either the old content or
 * the new, never half: write a temporary file beside it, flush it to disk, rename over.
 */
export function writeFileAtomic(path: string, data: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  const fd = openSync(temporary, 'w');
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
  }

  save(): void {
    writeFileAtomic(this.path, JSON.stringify(this.value, null, 1));
  }
}
