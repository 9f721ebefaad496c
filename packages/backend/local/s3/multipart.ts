/**
 * The rules of CompleteMultipartUpload, apart from HTTP: which parts the request names (in
 * ascending order, each uploaded with that ETag), that every part but the last is at least
 * 5 MiB, and the ETag of the object they make (the MD5 of the parts' MD5s, then `-{count}`).
 * S3's documented errors: MalformedXML, InvalidPartOrder, InvalidPart, EntityTooSmall.
 */
import { createHash } from 'node:crypto';
import { S3Error } from '../errors.js';
import type { PartRecord } from './object-store.js';
import { elements, text } from './xml.js';

export const MIN_PART_SIZE = 5 * 1024 ** 2;

export interface RequestedPart {
  partNumber: number;
  etag: string;
}

/** The parts a CompleteMultipartUpload body lists, in the order it lists them. */
export function requestedParts(xml: string): RequestedPart[] {
  const parts = elements(xml, 'Part').map((part) => ({ partNumber: Number(text(part, 'PartNumber')), etag: text(part, 'ETag') ?? '' }));
  if (parts.length === 0) throw new S3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
  return parts;
}

const bareEtag = (etag: string) => etag.replace(/"/g, '');

/** The stored parts that make the object, checked against the request as S3 checks them. */
export function chooseParts(uploadId: string, requested: RequestedPart[], stored: PartRecord[]): PartRecord[] {
  const byNumber = new Map(stored.map((p) => [p.partNumber, p]));
  const chosen: PartRecord[] = [];
  for (const [i, part] of requested.entries()) {
    if (i > 0 && part.partNumber <= requested[i - 1]!.partNumber) {
      throw new S3Error('InvalidPartOrder', 'The list of parts was not in ascending order. The parts list must be specified in order by part number.', 400);
    }
    const found = byNumber.get(part.partNumber);
    if (!found || bareEtag(found.etag) !== bareEtag(part.etag)) {
      throw new S3Error('InvalidPart', "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.", 400, {
        UploadId: uploadId,
        PartNumber: String(part.partNumber),
        ETag: part.etag,
      });
    }
    chosen.push(found);
  }
  for (const part of chosen.slice(0, -1)) {
    if (part.size < MIN_PART_SIZE) {
      throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', 400, {
        ProposedSize: String(part.size),
        MinSizeAllowed: String(MIN_PART_SIZE),
        PartNumber: String(part.partNumber),
      });
    }
  }
  return chosen;
}

/** A multipart object's ETag: MD5 over the parts' binary MD5s, a dash, the part count. */
export function multipartEtag(parts: Pick<PartRecord, 'etag'>[]): string {
  const md5s = Buffer.concat(parts.map((p) => Buffer.from(bareEtag(p.etag), 'hex')));
  return `"${createHash('md5').update(md5s).digest('hex')}-${parts.length}"`;
}
