/**
 * An HTTP handler for the AWS SDK that sends with XMLHttpRequest, because fetch cannot report
 * upload progress. The SDK still builds, signs, retries and parses every request; this only
 * moves the bytes. A Blob body is sent as it is (the browser streams it from disk), and its
 * progress goes to the listener registered for that Blob.
 */
import { abortError } from './errors.js';

interface SdkHttpRequest {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

interface SdkHttpResponse {
  statusCode: number;
  reason?: string;
  headers: Record<string, string>;
  body: Blob;
}

export type ProgressListener = (loaded: number, total: number) => void;

/** Progress listeners by request body. */
const progressListeners = new WeakMap<object, ProgressListener>();

export function onUploadProgress(body: Blob, listener: ProgressListener): void {
  progressListeners.set(body, listener);
}

const encode = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function queryString(query: SdkHttpRequest['query']): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === null) parts.push(encode(name));
    else for (const item of Array.isArray(value) ? value : [value]) parts.push(`${encode(name)}=${encode(item)}`);
  }
  return parts.join('&');
}

/** Headers the browser sets itself and refuses from script. */
const BROWSER_HEADERS = new Set(['host', 'content-length', 'connection', 'expect', 'user-agent', 'accept-encoding']);


export class XhrHttpHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };

  handle(request: SdkHttpRequest, options: { abortSignal?: unknown } = {}): Promise<{ response: SdkHttpResponse }> {
    // The SDK passes on the signal given to send(): a DOM AbortSignal here.
    const abortSignal = options.abortSignal as AbortSignal | undefined;
    return new Promise((resolve, reject) => {
      if (abortSignal?.aborted) {
        reject(abortError());
        return;
      }
      const xhr = new XMLHttpRequest();
      const query = queryString(request.query);
      xhr.open(request.method, `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}${request.path}${query ? `?${query}` : ''}`);
      xhr.responseType = 'blob';
      for (const [name, value] of Object.entries(request.headers)) if (!BROWSER_HEADERS.has(name.toLowerCase())) xhr.setRequestHeader(name, value);
      const listener = request.body instanceof Blob ? progressListeners.get(request.body) : undefined;
      if (listener) xhr.upload.onprogress = (event) => listener(event.loaded, event.total);
      const onAbort = () => xhr.abort();
      abortSignal?.addEventListener('abort', onAbort, { once: true });
      const done = () => abortSignal?.removeEventListener('abort', onAbort);
      xhr.onload = () => {
        done();
        const headers: Record<string, string> = {};
        for (const line of xhr.getAllResponseHeaders().trim().split(/[\r\n]+/)) {
          const colon = line.indexOf(':');
          if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
        }
        resolve({ response: { statusCode: xhr.status, reason: xhr.statusText, headers, body: xhr.response as Blob } });
      };
      xhr.onerror = () => {
        done();
        // The SDK retries errors by this name as transient.
        reject(Object.assign(new Error('Network error: the request did not reach the server'), { name: 'TimeoutError' }));
      };
      xhr.onabort = () => {
        done();
        reject(abortError());
      };
      xhr.send((request.body ?? null) as XMLHttpRequestBodyInit | null);
    });
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {}
}
