/**
 * A pass-through HTTP proxy in front of the local backend that counts what the browser asks
 * for and receives: requests, response bytes (status line, headers and body, as on the wire),
 * and requests still open. Measured at the server side, so requests from the page and from its
 * workers count alike. Requests are forwarded unchanged (Host included, so SigV4 still holds).
 */
import { createServer, request, type Server } from 'node:http';

export interface Counts {
  requests: number;
  bytes: number;
  open: number;
  /** performance.now() of the last request that started or ended. */
  lastActivity: number;
}

export interface CountingProxy {
  url: string;
  counts: Counts;
  reset(): void;
  close(): Promise<void>;
}

/** Starts the proxy on `port` (0: any free one). The backend must accept the proxy's address as a Host (its allowedHosts). */
export async function startCountingProxy(target: string, port = 0): Promise<CountingProxy> {
  const { hostname, port: targetPort } = new URL(target);
  const counts: Counts = { requests: 0, bytes: 0, open: 0, lastActivity: performance.now() };
  const server: Server = createServer((req, res) => {
    counts.requests++;
    counts.open++;
    counts.lastActivity = performance.now();
    const upstream = request({ hostname, port: targetPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      const head = `HTTP/1.1 ${answer.statusCode} ${answer.statusMessage}\r\n${answer.rawHeaders.map((v, i) => (i % 2 ? `${v}\r\n` : `${v}: `)).join('')}\r\n`;
      counts.bytes += Buffer.byteLength(head);
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
      answer.on('data', (chunk: Buffer) => (counts.bytes += chunk.length));
      answer.pipe(res);
    });
    const done = () => {
      counts.open--;
      counts.lastActivity = performance.now();
    };
    res.once('close', done);
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    counts,
    reset: () => Object.assign(counts, { requests: 0, bytes: 0, lastActivity: performance.now() }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Resolves once no request has been open or started for `quietMs`, or after `timeoutMs` (then `settled` is false). */
export async function untilQuiet(counts: Counts, quietMs: number, timeoutMs: number): Promise<{ settled: boolean; seconds: number }> {
  const started = performance.now();
  for (;;) {
    const now = performance.now();
    if (counts.open === 0 && now - counts.lastActivity >= quietMs) return { settled: true, seconds: (counts.lastActivity - started) / 1000 };
    if (now - started > timeoutMs) return { settled: false, seconds: (now - started) / 1000 };
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
