/** ListObjects(V2) paging and grouping by delimiter, as S3 does it. */

export interface ListInput {
  keys: string[];
  prefix: string;
  delimiter?: string;
  maxKeys: number;
  /** Everything up to and including this (a key or a common prefix) has been returned. */
  after?: string;
}

export interface ListOutput {
  keys: string[];
  commonPrefixes: string[];
  truncated: boolean;
  /** The last key or common prefix returned: where the next page starts. */
  last?: string;
}

export function listKeys({ keys, prefix, delimiter, maxKeys, after }: ListInput): ListOutput {
  const out: ListOutput = { keys: [], commonPrefixes: [], truncated: false };
  const afterIsPrefix = after !== undefined && delimiter !== undefined && after.endsWith(delimiter);
  let count = 0;
  for (const key of keys) {
    if (after !== undefined && (Buffer.compare(Buffer.from(key), Buffer.from(after)) <= 0 || (afterIsPrefix && key.startsWith(after)))) continue;
    let entry = key;
    let isPrefix = false;
    if (delimiter) {
      const at = key.indexOf(delimiter, prefix.length);
      if (at >= 0) {
        entry = key.slice(0, at + delimiter.length);
        isPrefix = true;
      }
    }
    if (isPrefix && out.commonPrefixes.at(-1) === entry) continue;
    if (count === maxKeys) {
      out.truncated = true;
      break;
    }
    if (isPrefix) out.commonPrefixes.push(entry);
    else out.keys.push(entry);
    out.last = entry;
    count++;
  }
  return out;
}
