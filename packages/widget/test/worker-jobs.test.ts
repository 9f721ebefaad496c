// The worker plumbing the thumbnail and checksum makers share, in real Chromium with real
// module workers: jobs wait their turn under a limit, an aborted job is dropped (and stopped in
// the worker where it can be), a worker that cannot load rejects every job so the caller can fall
// back, and the checksum maker then computes on the main thread with the same result.
import { expect } from '@open-wc/testing';
import { ChecksumMaker } from '../src/checksums.js';
import { WorkerJobs, WorkerUnavailable } from '../src/worker-jobs.js';
import { referenceCrc32c } from './reference-crc.js';

/** A module worker that answers each job after `ms`, and reports the cancels it was sent. */
const echoWorker = () =>
  new URL(
    URL.createObjectURL(
      new Blob(
        [
          `onmessage = (event) => {
             if ('cancel' in event.data) return postMessage({ id: event.data.cancel, cancelled: true });
             const { id, ms, fail } = event.data;
             setTimeout(() => postMessage(fail ? { id, error: 'it failed' } : { id, echoed: ms }), ms);
           };`,
        ],
        { type: 'text/javascript' },
      ),
    ),
  );

type Echo = { id: number; echoed?: number; error?: string };

describe('WorkerJobs', () => {
  it('runs at most `inFlight` jobs at once, answers each with its own reply, and turns an error reply into a rejection', async () => {
    const jobs = new WorkerJobs<Echo>(echoWorker(), { name: 'echo', inFlight: 1 });
    const order: number[] = [];
    const first = jobs.run({ ms: 200 }).then((r) => (order.push(r.echoed!), r));
    const second = jobs.run({ ms: 10 }).then((r) => (order.push(r.echoed!), r));
    const failing = jobs.run({ ms: 1, fail: true });
    expect((await first).echoed).to.equal(200);
    expect((await second).echoed).to.equal(10);
    // One at a time: the short job waited for the long one.
    expect(order).to.deep.equal([200, 10]);
    let error: unknown;
    await failing.catch((e: unknown) => (error = e));
    expect((error as Error).message).to.equal('it failed');
    jobs.dispose();
  });

  it('drops an aborted job: a waiting one is never posted, a running one is cancelled in the worker when it can be', async () => {
    const jobs = new WorkerJobs<Echo>(echoWorker(), { name: 'echo', inFlight: 1, cancels: true });
    const running = new AbortController();
    const waiting = new AbortController();
    const first = jobs.run({ ms: 300 }, running.signal);
    const second = jobs.run({ ms: 300 }, waiting.signal);
    const third = jobs.run({ ms: 5 });
    waiting.abort();
    running.abort();
    for (const aborted of [first, second]) {
      let error: unknown;
      await aborted.catch((e: unknown) => (error = e));
      expect((error as DOMException).name).to.equal('AbortError');
    }
    // The third went as soon as the first was cancelled, not after its 300 ms.
    const started = performance.now();
    expect((await third).echoed).to.equal(5);
    expect(performance.now() - started).to.be.below(250);
    jobs.dispose();
  });

  it('rejects every job with WorkerUnavailable when the worker cannot load, and later ones at once', async () => {
    const jobs = new WorkerJobs<Echo>(new URL('/no-such-worker.js', location.href), { name: 'missing' });
    let error: unknown;
    await jobs.run({ ms: 1 }).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(WorkerUnavailable);
    expect((error as Error).message).to.equal('the missing worker failed to load');
    expect(jobs.usable).to.equal(false);
    error = undefined;
    await jobs.run({ ms: 1 }).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(WorkerUnavailable);
  });
});

describe('ChecksumMaker', () => {
  const bytes = Uint8Array.from({ length: 3 * 1024 * 1024 + 5 }, (_, i) => (i * 2654435761) >>> 24);

  it('gives the CRC-32C of a Blob from its worker', async () => {
    const maker = new ChecksumMaker();
    expect(await maker.crc32c(new Blob([bytes]))).to.equal(referenceCrc32c(bytes));
    // Its worker loaded and answered (a failed one would have sent the job to the main thread).
    expect((maker as unknown as { jobs: WorkerJobs<Echo> }).jobs.usable).to.equal(true);
  });

  it('computes on the main thread, with the same result, when its worker cannot load', async () => {
    const realWorker = window.Worker;
    // A worker that fails to load, as one blocked by a Content-Security-Policy does.
    class BlockedWorker extends EventTarget {
      onmessage: unknown = null;
      onerror: ((event: Event) => void) | null = null;
      constructor() {
        super();
        setTimeout(() => this.onerror?.(new Event('error', { cancelable: true })));
      }
      postMessage() {}
      terminate() {}
    }
    window.Worker = BlockedWorker as unknown as typeof Worker;
    try {
      const maker = new ChecksumMaker();
      expect(await maker.crc32c(new Blob([bytes]))).to.equal(referenceCrc32c(bytes));
      // And the next without trying the worker again.
      expect(await maker.crc32c(new Blob([bytes.subarray(7)]))).to.equal(referenceCrc32c(bytes.subarray(7)));
    } finally {
      window.Worker = realWorker;
    }
  });
});
