/**
 * The rules of CompleteMultipartUpload, apart from HTTP: which parts the request names (in
 * ascending order, each uploaded with that ETag), that every part but the last is at least
 * 5 MiB, and the ETag of the object they make (the MD5 of the parts' MD5s, then `-{count}`).
 * S3's documented errors: MalformedXML, InvalidPartOrder, InvalidPart, EntityTooSmall. And the
 * checksums of an upload created with an algorithm: COMPOSITE (a checksum of the parts'
 * checksums, `-{count}`) or FULL_OBJECT (the parts' CRCs combined into the whole object's),
 * each part's checked against the request and a full-object value the client sends checked
 * against the combination (BadDigest), with the errors S3 gives.
 */
import { createHash } from 'node:crypto';
import { S3Error } from '../errors.js';
import { CHECKSUM_ALGORITHMS, compositeChecksum, FULL_OBJECT_ALGORITHMS, fullObjectChecksum, type ChecksumAlgorithm, type ChecksumType, type StoredChecksum } from './checksums.js';
import type { PartRecord, UploadRecord } from './object-store.js';
import { elements, text } from './xml.js';

export const MIN_PART_SIZE = 5 * 1024 ** 2;

export interface RequestedPart {
  partNumber: number;
  etag: string;
  /** The part checksums the request names, by algorithm. */
  checksums: Partial<Record<ChecksumAlgorithm, string>>;
}

/** The checksum a CreateMultipartUpload asks for, from its x-amz-checksum-algorithm and -type headers. */
export function uploadChecksum(algorithmHeader: string | undefined, typeHeader: string | undefined): { algorithm?: ChecksumAlgorithm; type?: ChecksumType } {
  const algorithm = algorithmHeader?.toUpperCase();
  const type = typeHeader?.toUpperCase();
  if (algorithm !== undefined && !CHECKSUM_ALGORITHMS.includes(algorithm as ChecksumAlgorithm)) {
    throw new S3Error('InvalidRequest', `Checksum algorithm ${algorithm} is not supported by the local backend (${CHECKSUM_ALGORITHMS.join(', ')})`, 400);
  }
  if (type !== undefined && type !== 'COMPOSITE' && type !== 'FULL_OBJECT') throw new S3Error('InvalidRequest', 'Value for x-amz-checksum-type header is invalid.', 400);
  if (type !== undefined && algorithm === undefined) throw new S3Error('InvalidRequest', 'The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.', 400);
  if (algorithm === undefined) return {};
  if (type === 'FULL_OBJECT' && !FULL_OBJECT_ALGORITHMS.includes(algorithm as ChecksumAlgorithm)) {
    throw new S3Error('InvalidRequest', `The FULL_OBJECT checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`, 400);
  }
  return { algorithm: algorithm as ChecksumAlgorithm, type: (type ?? 'COMPOSITE') as ChecksumType };
}

/** The parts a CompleteMultipartUpload body lists, in the order it lists them. */
export function requestedParts(xml: string): RequestedPart[] {
  const parts = elements(xml, 'Part').map((part) => ({
    partNumber: Number(text(part, 'PartNumber')),
    etag: text(part, 'ETag') ?? '',
    checksums: Object.fromEntries(CHECKSUM_ALGORITHMS.map((algorithm) => [algorithm, text(part, `Checksum${algorithm}`)]).filter(([, value]) => value !== undefined)),
  }));
  if (parts.length === 0) throw new S3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
  return parts;
}

const bareEtag = (etag: string) => etag.replace(/"/g, '');

/** The stored parts that make the object, checked against the request as S3 checks them. */
export function chooseParts(upload: Pick<UploadRecord, 'uploadId' | 'checksumAlgorithm' | 'checksumType'>, requested: RequestedPart[], stored: PartRecord[]): PartRecord[] {
  const { uploadId, checksumAlgorithm: algorithm } = upload;
  const byNumber = new Map(stored.map((p) => [p.partNumber, p]));
  const chosen: PartRecord[] = [];
  for (const [i, part] of requested.entries()) {
    if (i > 0 && part.partNumber <= requested[i - 1]!.partNumber) {
      throw new S3Error('InvalidPartOrder', 'The list of parts was not in ascending order. The parts list must be specified in order by part number.', 400);
    }
    const given = algorithm ? part.checksums[algorithm] : undefined;
    if (algorithm && upload.checksumType === 'COMPOSITE' && given === undefined) {
      throw new S3Error(
        'InvalidRequest',
        `The upload was created using a ${algorithm.toLowerCase()} checksum. The complete request must include the checksum for each part. It was missing for part ${part.partNumber} in the request.`,
        400,
      );
    }
    const found = byNumber.get(part.partNumber);
    if (!found || bareEtag(found.etag) !== bareEtag(part.etag) || (given !== undefined && found.checksum?.value !== given)) {
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

/**
 * The object's checksum at completion (undefined for an upload created without an algorithm),
 * checked against the full-object value and type the request sends in its headers, if any.
 */
export function objectChecksum(
  upload: Pick<UploadRecord, 'checksumAlgorithm' | 'checksumType'>,
  chosen: PartRecord[],
  sent: { values: Partial<Record<ChecksumAlgorithm, string>>; type?: string },
): StoredChecksum | undefined {
  const { checksumAlgorithm: algorithm, checksumType: type = 'COMPOSITE' } = upload;
  const sentAlgorithms = Object.keys(sent.values) as ChecksumAlgorithm[];
  if (!algorithm) {
    if (sentAlgorithms.length > 0 || sent.type !== undefined) {
      throw new S3Error('InvalidRequest', 'The upload was created without a checksum algorithm, so its completion cannot carry a checksum (send x-amz-checksum-algorithm with CreateMultipartUpload).', 400);
    }
    return undefined;
  }
  if (sent.type !== undefined && sent.type.toUpperCase() !== type) {
    throw new S3Error('InvalidRequest', `The upload was created using the ${type} checksum mode. The complete request must use the same checksum mode.`, 400);
  }
  const other = sentAlgorithms.find((a) => a !== algorithm);
  if (other) throw new S3Error('InvalidRequest', `The upload was created using a ${algorithm.toLowerCase()} checksum. The complete request cannot carry a ${other.toLowerCase()} checksum.`, 400);
  const partValues = chosen.map((part) => part.checksum?.value ?? '');
  const value =
    type === 'FULL_OBJECT'
      ? fullObjectChecksum(algorithm, chosen.map((part, i) => ({ value: partValues[i]!, size: part.size })))
      : compositeChecksum(algorithm, partValues);
  const expected = sent.values[algorithm];
  if (expected !== undefined && expected !== value) {
    throw new S3Error('BadDigest', `The ${algorithm.toLowerCase()} you specified for the ${type === 'FULL_OBJECT' ? 'full object' : 'object'} did not match the calculated checksum.`, 400);
  }
  return { algorithm, value, type };
}
