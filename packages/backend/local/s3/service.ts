/**
 * S3, path-style (`/bucket/key`): authenticates every request (SigV4 header, presigned query,
 * aws-chunked), authorizes it against the caller's role policies from the template, then
 * serves it from the object store with S3's headers, XML and error codes.
 */
import { Readable } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { S3Error } from '../errors.js';
import type { AccessRequest } from '../iam/policy.js';
import type { Logger } from '../log.js';
import type { BackendState, CredentialRecord } from '../model.js';
import type { JsonFile } from '../state.js';
import type { StackRules } from '../template.js';
import { credentialScope, checkScope, checkSignatureTime, headerValue, readSignature, verifySignature, type RawRequest, type SignedRequestInfo } from './sigv4.js';
import type { ChunkSigning } from './aws-chunked.js';
import { readSmallBody, receiveBody } from './body.js';
import { algorithmOfHeader, type ChecksumAlgorithm } from './checksums.js';
import { S3Access } from './access.js';
import { corsHeaders, findCorsRule } from './cors.js';
import { listKeys } from './listing.js';
import { chooseParts, multipartEtag, objectChecksum, requestedParts, uploadChecksum } from './multipart.js';
import { checkKey, checksumHeaders, decodeUriPart, objectHeaders, parsePath, parseQuery, parseRange, RESPONSE_OVERRIDES, UNSUPPORTED_SUBRESOURCES } from './request.js';
import { LocalLimits } from './limits.js';
import { compareKeys, type ObjectHeaders, type ObjectStore, type StoredObject } from './object-store.js';
import { elements, errorDocument, text, xmlDocument, type XmlNode } from './xml.js';

/** S3's most keys in one DeleteObjects request. */
const DELETE_OBJECTS_MAX = 1000;

const GiB = 1024 ** 3;
const MAX_OBJECT_SIZE = 5 * GiB;

interface Caller {
  credentials: CredentialRecord;
  signature: SignedRequestInfo;
  signing?: ChunkSigning;
}

interface S3Request {
  req: IncomingMessage;
  res: ServerResponse;
  raw: RawRequest;
  query: Map<string, string>;
  bucket: string;
  key: string;
  requestId: string;
  secureTransport: boolean;
  caller?: Caller;
  /** For the log line. */
  operation: string;
}

export class S3Service {
  private readonly access: S3Access;
  /** The stack's limits Lambda, run in-process (absent when the template has none). */
  private readonly limits?: LocalLimits;

  constructor(
    private readonly state: JsonFile<BackendState>,
    private readonly rules: StackRules,
    private readonly store: ObjectStore,
    private readonly log: Logger,
  ) {
    this.access = new S3Access(rules, () => state.value.ids, log);
    if (rules.limits) this.limits = new LocalLimits(store, rules.limits, log);
  }

  private get bucketName() {
    return this.state.value.ids.bucket;
  }

  async handle(req: IncomingMessage, res: ServerResponse, requestId: string, secureTransport: boolean): Promise<void> {
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const rawPath = queryAt < 0 ? url : url.slice(0, queryAt);
    const rawQuery = queryAt < 0 ? '' : url.slice(queryAt + 1);
    const s3: S3Request = {
      req,
      res,
      raw: { method: req.method ?? 'GET', rawPath, query: [], headers: req.headers },
      query: new Map(),
      bucket: '',
      key: '',
      requestId,
      secureTransport,
      operation: req.method ?? 'GET',
    };
    try {
      Object.assign(s3, parsePath(rawPath));
      s3.raw.query = parseQuery(rawQuery);
      s3.query = new Map(s3.raw.query);
      if (req.method === 'OPTIONS') return this.preflight(s3);
      this.addCors(s3);
      if (s3.bucket === '') throw new S3Error('AccessDenied', 'Access Denied (ListBuckets is not available)', 403);
      if (s3.bucket !== this.bucketName) throw new S3Error('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: s3.bucket });
      s3.caller = this.authenticate(s3);
      await this.route(s3);
    } catch (error) {
      this.fail(s3, error);
    }
  }

  // --- authentication ------------------------------------------------------------------

  private authenticate(s3: S3Request): Caller {
    const signature = readSignature(s3.raw);
    if (!signature) throw new S3Error('AccessDenied', 'Access Denied (the request is not signed, and this bucket allows no anonymous access)', 403);
    const credentials = this.state.value.credentials[signature.accessKeyId];
    if (!credentials) throw new S3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403, { AWSAccessKeyId: signature.accessKeyId });
    if (signature.securityToken === undefined) {
      throw new S3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records (temporary credentials need their session token).', 403, { AWSAccessKeyId: signature.accessKeyId });
    }
    if (signature.securityToken !== credentials.sessionToken) throw new S3Error('InvalidToken', 'The provided token is malformed or otherwise invalid.', 400);
    if (credentials.expiresAt < Date.now()) throw new S3Error('ExpiredToken', 'The provided token has expired.', 400);
    checkSignatureTime(signature);
    checkScope(signature, this.state.value.ids.region);
    const verified = verifySignature(s3.raw, signature, credentials.secretAccessKey);
    return {
      credentials,
      signature,
      signing: { key: verified.key, seedSignature: verified.seedSignature, amzDate: signature.amzDate, scope: credentialScope(signature) },
    };
  }

  // --- authorization (the decisions themselves are in access.ts) ----------------------

  private objectArn(key: string) {
    return this.access.objectArn(key);
  }

  /** The request's condition keys: aws:SecureTransport, plus those of the operation. */
  private context(s3: S3Request, extra: AccessRequest['context'] = {}): AccessRequest['context'] {
    const storageClass = headerValue(s3.req.headers, 'x-amz-storage-class');
    return {
      'aws:securetransport': String(s3.secureTransport),
      // Loopback counts as secure (logged at start); it stands for TLS 1.3 in the bucket's TLS check.
      ...(s3.secureTransport ? { 's3:tlsversion': '1.3' } : {}),
      ...(storageClass === undefined ? {} : { 's3:x-amz-storage-class': storageClass }),
      ...extra,
    };
  }

  private decide(s3: S3Request, action: string, resource: string) {
    return this.access.decide(s3.caller!.credentials, action, resource, this.context(s3));
  }

  private authorize(s3: S3Request, action: string, resource: string, context: AccessRequest['context'] = {}) {
    this.access.authorize(s3.caller!.credentials, action, resource, this.context(s3, context));
  }

  private noSuchKey(s3: S3Request): S3Error {
    return this.access.missingKey(s3.caller!.credentials, s3.key, this.context(s3));
  }

  // --- routing -------------------------------------------------------------------------

  private async route(s3: S3Request): Promise<void> {
    const { req, query, key } = s3;
    const method = req.method ?? 'GET';
    const uploadId = query.get('uploadId');
    // A sub-resource this server does not implement must never fall through to the object
    // itself (PUT ?acl would otherwise overwrite the object with the ACL document).
    const unsupported = [...query.keys()].filter((name) => UNSUPPORTED_SUBRESOURCES.has(name));
    if (unsupported.length > 0) return this.unsupportedSubresource(s3, method, unsupported[0]!);
    if (key === '') {
      if (method === 'GET' && query.has('uploads')) return this.listMultipartUploads(s3);
      if (method === 'GET' && query.has('location')) {
        this.authorize(s3, 's3:GetBucketLocation', `arn:aws:s3:::${this.bucketName}`);
        return this.sendXml(s3, 200, 'LocationConstraint', []);
      }
      if (method === 'GET') return this.listObjects(s3);
      if (method === 'HEAD') {
        s3.operation = 'HeadBucket';
        this.authorize(s3, 's3:ListBucket', `arn:aws:s3:::${this.bucketName}`);
        return this.send(s3, 200, { 'x-amz-bucket-region': this.state.value.ids.region });
      }
      if (method === 'POST' && query.has('delete')) return this.deleteObjects(s3);
      throw new S3Error('NotImplemented', `The local backend does not implement ${method} on a bucket with ${[...query.keys()].join(', ') || 'no'} parameters`, 501);
    }
    // Writes name a key: refuse the keys S3 refuses before anything is stored.
    if (method === 'PUT' || method === 'POST') checkKey(key);
    switch (method) {
      case 'GET':
        return uploadId ? this.listParts(s3, uploadId) : this.getObject(s3, false);
      case 'HEAD':
        return this.getObject(s3, true);
      case 'PUT':
        if (uploadId) return this.uploadPart(s3, uploadId);
        return headerValue(req.headers, 'x-amz-copy-source') ? this.copyObject(s3) : this.putObject(s3);
      case 'POST':
        if (query.has('uploads')) return this.createMultipartUpload(s3);
        if (uploadId) return this.completeMultipartUpload(s3, uploadId);
        break;
      case 'DELETE':
        return uploadId ? this.abortMultipartUpload(s3, uploadId) : this.deleteObject(s3);
    }
    throw new S3Error('NotImplemented', `The local backend does not implement ${method} on an object with ${[...query.keys()].join(', ') || 'no'} parameters`, 501);
  }

  /** Checks permission the way S3 would, then says plainly that the local backend lacks it. */
  private unsupportedSubresource(s3: S3Request, method: string, name: string) {
    const verb = method === 'GET' || method === 'HEAD' ? 'Get' : method === 'DELETE' ? 'Delete' : 'Put';
    const action = `s3:${verb}${s3.key ? 'Object' : 'Bucket'}${name.charAt(0).toUpperCase()}${name.slice(1)}`;
    s3.operation = action.slice(3);
    this.authorize(s3, action, s3.key ? this.objectArn(s3.key) : `arn:aws:s3:::${this.bucketName}`);
    throw new S3Error('NotImplemented', `The local backend does not implement ?${name}`, 501);
  }

  // --- objects -------------------------------------------------------------------------

  private async putObject(s3: S3Request) {
    s3.operation = 'PutObject';
    this.authorize(s3, 's3:PutObject', this.objectArn(s3.key));
    const headers = objectHeaders(s3.req);
    const body = await receiveBody(s3.req, this.store, s3.caller!.signature.payloadHash, s3.caller!.signing, MAX_OBJECT_SIZE);
    const etag = `"${body.md5.toString('hex')}"`;
    // A single PUT's checksum covers the whole object, as S3 labels it.
    const checksum = body.checksum && { ...body.checksum, type: 'FULL_OBJECT' as const };
    const object = this.store.commit(s3.key, body, { ...headers, etag, checksum });
    await this.limits?.created(object);
    this.send(s3, 200, { etag, ...checksumHeaders(checksum) });
  }

  private async copyObject(s3: S3Request) {
    s3.operation = 'CopyObject';
    const source = this.copySource(s3);
    this.authorize(s3, 's3:PutObject', this.objectArn(s3.key));
    const replace = headerValue(s3.req.headers, 'x-amz-metadata-directive')?.toUpperCase() === 'REPLACE';
    const staged = await this.store.stage(this.store.read(source));
    const { key: _key, blobs: _blobs, size: _size, lastModified: _modified, ...kept } = source;
    const headers: ObjectHeaders = replace ? objectHeaders(s3.req) : { ...kept, metadata: { ...source.metadata } };
    const object = this.store.commit(s3.key, staged, { ...headers, etag: source.etag, checksum: source.checksum, parts: source.parts });
    await this.limits?.created(object);
    this.sendXml(s3, 200, 'CopyObjectResult', [
      ['LastModified', new Date(object.lastModified).toISOString()],
      ['ETag', object.etag],
    ]);
  }

  /** Reads and authorizes x-amz-copy-source; returns the source object. */
  private copySource(s3: S3Request): StoredObject {
    const raw = decodeUriPart(headerValue(s3.req.headers, 'x-amz-copy-source')!.split('?')[0]!).replace(/^\//, '');
    const slash = raw.indexOf('/');
    const bucket = raw.slice(0, slash);
    const key = raw.slice(slash + 1);
    if (slash < 0 || bucket !== this.bucketName) throw new S3Error('NoSuchBucket', 'The specified source bucket does not exist', 404);
    this.authorize(s3, 's3:GetObject', this.objectArn(key));
    const source = this.store.get(key);
    if (!source) throw new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });
    return source;
  }

  private async getObject(s3: S3Request, headOnly: boolean) {
    s3.operation = headOnly ? 'HeadObject' : 'GetObject';
    this.authorize(s3, 's3:GetObject', this.objectArn(s3.key));
    const object = this.store.get(s3.key);
    if (!object) throw this.noSuchKey(s3);

    const ifMatch = headerValue(s3.req.headers, 'if-match');
    if (ifMatch && ifMatch !== '*' && !ifMatch.split(',').map((e) => e.trim()).includes(object.etag)) {
      throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, { Condition: 'If-Match' });
    }
    const ifNoneMatch = headerValue(s3.req.headers, 'if-none-match');
    if (ifNoneMatch && (ifNoneMatch === '*' || ifNoneMatch.split(',').map((e) => e.trim()).includes(object.etag))) {
      return this.send(s3, 304, { etag: object.etag, 'last-modified': new Date(object.lastModified).toUTCString() });
    }

    const headers: Record<string, string> = {
      'content-type': object.contentType ?? 'binary/octet-stream',
      etag: object.etag,
      'last-modified': new Date(object.lastModified).toUTCString(),
      'accept-ranges': 'bytes',
    };
    if (object.contentDisposition) headers['content-disposition'] = object.contentDisposition;
    if (object.contentEncoding) headers['content-encoding'] = object.contentEncoding;
    if (object.contentLanguage) headers['content-language'] = object.contentLanguage;
    if (object.cacheControl) headers['cache-control'] = object.cacheControl;
    if (object.expires) headers.expires = object.expires;
    for (const [name, value] of Object.entries(object.metadata)) headers[`x-amz-meta-${name}`] = value;
    if (object.parts) headers['x-amz-mp-parts-count'] = String(object.parts);
    // Signed requests may override response headers (response-content-disposition …).
    for (const [param, name] of RESPONSE_OVERRIDES) {
      const value = s3.query.get(param);
      if (value !== undefined) headers[name] = value;
    }

    let start = 0;
    let end = object.size - 1;
    let status = 200;
    const range = headerValue(s3.req.headers, 'range');
    if (range) {
      const parsed = parseRange(range, object.size);
      if (parsed === 'unsatisfiable') {
        throw new S3Error('InvalidRange', 'The requested range is not satisfiable', 416, { ActualObjectSize: String(object.size), RangeRequested: range });
      }
      if (parsed) {
        [start, end] = parsed;
        status = 206;
        headers['content-range'] = `bytes ${start}-${end}/${object.size}`;
      }
    } else if (object.checksum && headerValue(s3.req.headers, 'x-amz-checksum-mode')?.toUpperCase() === 'ENABLED') {
      Object.assign(headers, checksumHeaders(object.checksum));
    }
    const length = object.size === 0 ? 0 : end - start + 1;
    headers['content-length'] = String(length);
    this.writeHead(s3, status, headers);
    if (headOnly || length === 0) {
      s3.res.end();
      return;
    }
    await pipeline(Readable.from(this.store.read(object, start, end)), s3.res);
  }

  private deleteObject(s3: S3Request) {
    s3.operation = 'DeleteObject';
    this.authorize(s3, 's3:DeleteObject', this.objectArn(s3.key));
    this.store.delete(s3.key);
    this.send(s3, 204, {});
  }

  private async deleteObjects(s3: S3Request) {
    s3.operation = 'DeleteObjects';
    const body = (await readSmallBody(s3.req, s3.caller!.signature.payloadHash, s3.caller!.signing)).toString('utf8');
    const quiet = text(body, 'Quiet') === 'true';
    const results: XmlNode[] = [];
    const entries = elements(body, 'Object');
    if (entries.length > DELETE_OBJECTS_MAX) throw new S3Error('MalformedXML', `The XML you provided was not well-formed or did not validate against our published schema (at most ${DELETE_OBJECTS_MAX} keys)`, 400);
    for (const entry of entries) {
      const key = text(entry, 'Key') ?? '';
      const decision = this.decide(s3, 's3:DeleteObject', this.objectArn(key));
      if (!decision.allowed) {
        this.log.warn(`s3: DeleteObjects refused ${key}: ${decision.reason}`);
        results.push(['Error', [['Key', key], ['Code', 'AccessDenied'], ['Message', 'Access Denied']]]);
        continue;
      }
      this.store.delete(key);
      if (!quiet) results.push(['Deleted', [['Key', key]]]);
    }
    this.sendXml(s3, 200, 'DeleteResult', results);
  }

  // --- listing -------------------------------------------------------------------------

  private listObjects(s3: S3Request) {
    const v2 = s3.query.get('list-type') === '2';
    s3.operation = v2 ? 'ListObjectsV2' : 'ListObjects';
    const prefix = s3.query.get('prefix') ?? '';
    const delimiter = s3.query.get('delimiter') || undefined;
    const maxKeysParam = s3.query.get('max-keys');
    const maxKeys = Math.min(1000, maxKeysParam === undefined ? 1000 : Number(maxKeysParam));
    if (!Number.isInteger(maxKeys) || maxKeys < 0) throw new S3Error('InvalidArgument', 'Provided max-keys not an integer or within integer range', 400);
    this.authorize(s3, 's3:ListBucket', `arn:aws:s3:::${this.bucketName}`, this.listContext(s3));

    const urlEncoded = s3.query.get('encoding-type') === 'url';
    const encode = (value: string) => (urlEncoded ? encodeURIComponent(value).replace(/%2F/g, '/') : value);
    let after: string | undefined;
    const token = s3.query.get('continuation-token');
    if (v2 && token !== undefined) {
      try {
        after = Buffer.from(token, 'base64url').toString('utf8');
      } catch {
        throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', 400);
      }
    } else if (v2) {
      after = s3.query.get('start-after') || undefined;
    } else {
      after = s3.query.get('marker') || undefined;
    }
    const page = listKeys({ keys: this.store.keys(prefix), prefix, delimiter, maxKeys, after });
    const contents: XmlNode[] = page.keys.map((key) => {
      const object = this.store.get(key)!;
      return [
        'Contents',
        [
          ['Key', encode(key)],
          ['LastModified', new Date(object.lastModified).toISOString()],
          ['ETag', object.etag],
          ['Size', object.size],
          ['StorageClass', 'STANDARD'],
          ...(object.checksum ? ([['ChecksumAlgorithm', object.checksum.algorithm]] as XmlNode[]) : []),
        ],
      ];
    });
    const common: XmlNode[] = page.commonPrefixes.map((p) => ['CommonPrefixes', [['Prefix', encode(p)]]]);
    const fields: XmlNode[] = [
      ['Name', this.bucketName],
      ['Prefix', encode(prefix)],
      ['Delimiter', delimiter === undefined ? undefined : encode(delimiter)],
      ['MaxKeys', maxKeys],
      ['EncodingType', urlEncoded ? 'url' : undefined],
      ['IsTruncated', page.truncated],
    ];
    if (v2) {
      fields.push(
        ['KeyCount', page.keys.length + page.commonPrefixes.length],
        ['ContinuationToken', token],
        ['NextContinuationToken', page.truncated && page.last ? Buffer.from(page.last).toString('base64url') : undefined],
        ['StartAfter', s3.query.get('start-after')],
      );
    } else {
      fields.push(['Marker', s3.query.get('marker') ?? ''], ['NextMarker', page.truncated && delimiter ? page.last : undefined]);
    }
    this.sendXml(s3, 200, 'ListBucketResult', [...fields, ...contents, ...common]);
  }

  /** The condition keys of a listing request: s3:prefix, s3:delimiter, s3:max-keys as sent. */
  private listContext(s3: S3Request): AccessRequest['context'] {
    const context: AccessRequest['context'] = {};
    for (const [param, key] of [['prefix', 's3:prefix'], ['delimiter', 's3:delimiter'], ['max-keys', 's3:max-keys']] as const) {
      const value = s3.query.get(param);
      if (value !== undefined) context[key] = value;
    }
    return context;
  }

  // --- multipart -----------------------------------------------------------------------

  private createMultipartUpload(s3: S3Request) {
    s3.operation = 'CreateMultipartUpload';
    this.authorize(s3, 's3:PutObject', this.objectArn(s3.key));
    const { algorithm, type } = uploadChecksum(headerValue(s3.req.headers, 'x-amz-checksum-algorithm'), headerValue(s3.req.headers, 'x-amz-checksum-type'));
    const upload = this.store.createUpload({
      ...objectHeaders(s3.req),
      key: s3.key,
      initiator: s3.caller!.credentials.identityId,
      ...(algorithm ? { checksumAlgorithm: algorithm, checksumType: type } : {}),
    });
    this.sendXml(
      s3,
      200,
      'InitiateMultipartUploadResult',
      [
        ['Bucket', this.bucketName],
        ['Key', s3.key],
        ['UploadId', upload.uploadId],
      ],
      algorithm ? { 'x-amz-checksum-algorithm': algorithm, 'x-amz-checksum-type': type! } : {},
    );
  }

  private upload(s3: S3Request, uploadId: string) {
    const upload = this.store.getUpload(uploadId);
    if (!upload || upload.key !== s3.key) {
      throw new S3Error('NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', 404, { UploadId: uploadId });
    }
    return upload;
  }

  private async uploadPart(s3: S3Request, uploadId: string) {
    const copying = headerValue(s3.req.headers, 'x-amz-copy-source') !== undefined;
    s3.operation = copying ? 'UploadPartCopy' : 'UploadPart';
    this.authorize(s3, 's3:PutObject', this.objectArn(s3.key));
    const partNumber = Number(s3.query.get('partNumber'));
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10000) {
      throw new S3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', 400, { ArgumentName: 'partNumber' });
    }
    if (copying) {
      this.upload(s3, uploadId);
      const source = this.copySource(s3);
      const rangeHeader = headerValue(s3.req.headers, 'x-amz-copy-source-range');
      const range = rangeHeader ? parseRange(rangeHeader, source.size) : undefined;
      if (range === 'unsatisfiable') throw new S3Error('InvalidRange', 'The requested range is not satisfiable', 416);
      const [start, end] = range ?? [0, source.size - 1];
      const staged = await this.store.stage(this.store.read(source, start, end));
      const part = this.store.commitPart(uploadId, partNumber, staged, { etag: `"${staged.md5.toString('hex')}"` });
      return this.sendXml(s3, 200, 'CopyPartResult', [
        ['LastModified', new Date(part.lastModified).toISOString()],
        ['ETag', part.etag],
      ]);
    }
    const upload = this.upload(s3, uploadId);
    // A full-object upload's part may come without a checksum: S3 computes it, to combine at completion.
    const computeIfAbsent = upload.checksumType === 'FULL_OBJECT' ? upload.checksumAlgorithm : undefined;
    const body = await receiveBody(s3.req, this.store, s3.caller!.signature.payloadHash, s3.caller!.signing, MAX_OBJECT_SIZE, computeIfAbsent);
    // The upload may have been aborted or completed while this part was streaming.
    if (!this.store.getUpload(uploadId)) {
      this.store.discard(body);
      this.upload(s3, uploadId);
    }
    if (upload.checksumAlgorithm && body.checksum?.algorithm !== upload.checksumAlgorithm) {
      this.store.discard(body);
      const actual = body.checksumSent ? body.checksum!.algorithm.toLowerCase() : 'null';
      throw new S3Error('InvalidRequest', `Checksum Type mismatch occurred, expected checksum Type: ${upload.checksumAlgorithm.toLowerCase()}, actual checksum Type: ${actual}`, 400);
    }
    const part = this.store.commitPart(uploadId, partNumber, body, { etag: `"${body.md5.toString('hex')}"`, checksum: body.checksum });
    this.send(s3, 200, { etag: part.etag, ...checksumHeaders(body.checksum) });
  }

  private async completeMultipartUpload(s3: S3Request, uploadId: string) {
    s3.operation = 'CompleteMultipartUpload';
    this.authorize(s3, 's3:PutObject', this.objectArn(s3.key));
    const upload = this.upload(s3, uploadId);
    const body = (await readSmallBody(s3.req, s3.caller!.signature.payloadHash, s3.caller!.signing)).toString('utf8');
    const chosen = chooseParts(upload, requestedParts(body), this.store.parts(uploadId));
    const values: Partial<Record<ChecksumAlgorithm, string>> = {};
    for (const name of Object.keys(s3.req.headers)) {
      const algorithm = algorithmOfHeader(name);
      if (algorithm) values[algorithm] = headerValue(s3.req.headers, name)!;
    }
    const checksum = objectChecksum(upload, chosen, { values, type: headerValue(s3.req.headers, 'x-amz-checksum-type') });
    const etag = multipartEtag(chosen);
    const { uploadId: _id, initiated: _at, initiator: _who, checksumAlgorithm: _alg, checksumType: _type, key: _key, ...headers } = upload;
    const object = this.store.completeUpload(upload, chosen, { ...headers, etag, parts: chosen.length, ...(checksum ? { checksum } : {}) });
    await this.limits?.created(object);
    this.sendXml(s3, 200, 'CompleteMultipartUploadResult', [
      ['Location', `/${this.bucketName}/${s3.key}`],
      ['Bucket', this.bucketName],
      ['Key', s3.key],
      ['ETag', object.etag],
      ...(checksum
        ? ([
            [`Checksum${checksum.algorithm}`, checksum.value],
            ['ChecksumType', checksum.type],
          ] as XmlNode[])
        : []),
    ]);
  }

  private abortMultipartUpload(s3: S3Request, uploadId: string) {
    s3.operation = 'AbortMultipartUpload';
    this.authorize(s3, 's3:AbortMultipartUpload', this.objectArn(s3.key));
    this.upload(s3, uploadId);
    this.store.abortUpload(uploadId);
    this.send(s3, 204, {});
  }

  private listParts(s3: S3Request, uploadId: string) {
    s3.operation = 'ListParts';
    this.authorize(s3, 's3:ListMultipartUploadParts', this.objectArn(s3.key));
    const upload = this.upload(s3, uploadId);
    const marker = Number(s3.query.get('part-number-marker') ?? 0);
    const maxParts = Math.min(1000, Number(s3.query.get('max-parts') ?? 1000));
    const all = this.store.parts(uploadId).filter((p) => p.partNumber > marker);
    const page = all.slice(0, maxParts);
    const truncated = all.length > page.length;
    this.sendXml(s3, 200, 'ListPartsResult', [
      ['Bucket', this.bucketName],
      ['Key', s3.key],
      ['UploadId', uploadId],
      ['Initiator', [['ID', upload.initiator], ['DisplayName', upload.initiator]]],
      ['Owner', [['ID', upload.initiator], ['DisplayName', upload.initiator]]],
      ['StorageClass', 'STANDARD'],
      ['PartNumberMarker', marker],
      ['NextPartNumberMarker', truncated ? page.at(-1)!.partNumber : undefined],
      ['MaxParts', maxParts],
      ['IsTruncated', truncated],
      ['ChecksumAlgorithm', upload.checksumAlgorithm],
      ['ChecksumType', upload.checksumType],
      ...page.map(
        (part): XmlNode => [
          'Part',
          [
            ['PartNumber', part.partNumber],
            ['LastModified', new Date(part.lastModified).toISOString()],
            ['ETag', part.etag],
            ['Size', part.size],
            ...(part.checksum ? ([[`Checksum${part.checksum.algorithm}`, part.checksum.value]] as XmlNode[]) : []),
          ],
        ],
      ),
    ]);
  }

  private listMultipartUploads(s3: S3Request) {
    s3.operation = 'ListMultipartUploads';
    const prefix = s3.query.get('prefix') ?? '';
    this.authorize(s3, 's3:ListBucketMultipartUploads', `arn:aws:s3:::${this.bucketName}`, this.listContext(s3));
    const uploads = this.store
      .listUploads()
      .filter((u) => u.key.startsWith(prefix))
      .sort((a, b) => compareKeys(a.key, b.key) || a.initiated - b.initiated);
    this.sendXml(s3, 200, 'ListMultipartUploadsResult', [
      ['Bucket', this.bucketName],
      ['Prefix', prefix],
      ['MaxUploads', 1000],
      ['IsTruncated', false],
      ...uploads.map(
        (u): XmlNode => [
          'Upload',
          [
            ['Key', u.key],
            ['UploadId', u.uploadId],
            ['Initiator', [['ID', u.initiator], ['DisplayName', u.initiator]]],
            ['Owner', [['ID', u.initiator], ['DisplayName', u.initiator]]],
            ['StorageClass', 'STANDARD'],
            ['Initiated', new Date(u.initiated).toISOString()],
          ],
        ],
      ),
    ]);
  }

  // --- responses -----------------------------------------------------------------------

  private preflight(s3: S3Request) {
    s3.operation = 'CORS preflight';
    const origin = headerValue(s3.req.headers, 'origin');
    const method = headerValue(s3.req.headers, 'access-control-request-method');
    const requested = (headerValue(s3.req.headers, 'access-control-request-headers') ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
    const rule = origin && method ? findCorsRule(this.rules.cors, origin, method, requested) : undefined;
    if (!rule) {
      this.log.warn(`s3: CORS preflight refused for origin ${origin ?? '(none)'} ${method ?? ''} [${requested.join(', ')}]: no CORS rule of the bucket allows it (allowed origins: ${this.rules.cors.flatMap((r) => r.allowedOrigins).join(', ') || 'none'})`);
      throw new S3Error('AccessForbidden', 'CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource\'s CORS spec.', 403, { Method: method ?? '', ResourceType: 'OBJECT' });
    }
    this.send(s3, 200, corsHeaders(rule, origin!, { method: method!, headers: requested }));
  }

  private addCors(s3: S3Request) {
    const origin = headerValue(s3.req.headers, 'origin');
    if (!origin) return;
    const rule = findCorsRule(this.rules.cors, origin, s3.req.method ?? 'GET', []);
    if (rule) for (const [name, value] of Object.entries(corsHeaders(rule, origin))) s3.res.setHeader(name, value);
  }

  private writeHead(s3: S3Request, status: number, headers: Record<string, string>) {
    s3.res.writeHead(status, { 'x-amz-request-id': s3.requestId, 'x-amz-id-2': Buffer.from(s3.requestId).toString('base64'), server: 'secure-uploader-local', ...headers });
  }

  private send(s3: S3Request, status: number, headers: Record<string, string>) {
    this.writeHead(s3, status, { 'content-length': '0', ...headers });
    s3.res.end();
  }

  private sendXml(s3: S3Request, status: number, root: string, children: XmlNode[], headers: Record<string, string> = {}) {
    const body = Buffer.from(xmlDocument(root, children));
    this.writeHead(s3, status, { 'content-type': 'application/xml', 'content-length': String(body.length), ...headers });
    s3.res.end(body);
  }

  private fail(s3: S3Request, error: unknown) {
    const s3Error = error instanceof S3Error ? error : undefined;
    if (!s3Error) this.log.warn(`s3: internal error in ${s3.operation} ${s3.key}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    const code = s3Error?.code ?? 'InternalError';
    const status = s3Error?.status ?? 500;
    const message = s3Error?.message ?? 'We encountered an internal error. Please try again.';
    if (s3.res.headersSent) {
      s3.res.destroy();
      return;
    }
    if (status !== 403 || code !== 'AccessDenied') this.log.info(`s3: ${s3.operation} ${s3.key || s3.bucket}: ${code}: ${message}`);
    const body = s3.req.method === 'HEAD' ? Buffer.alloc(0) : Buffer.from(errorDocument(code, message, { ...s3Error?.extra, Resource: `/${s3.bucket}/${s3.key}`, RequestId: s3.requestId }));
    // An error before the body was read: close the connection instead of reading a big upload.
    const connection: Record<string, string> = s3.req.complete ? {} : { connection: 'close' };
    this.writeHead(s3, status, { 'content-type': 'application/xml', 'content-length': String(body.length), ...connection });
    s3.res.end(body);
    if (!s3.req.complete) s3.req.resume();
  }
}
