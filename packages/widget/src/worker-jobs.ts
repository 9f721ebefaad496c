/**
 * Jobs for one module worker, shared by the thumbnail and checksum makers: each message gets an
 * id, waits its turn when a limit on jobs in flight is set, and is answered by `{ id, ... }` or
 * `{ id, error }`. A job whose signal aborts is dropped (and, where the worker can stop one,
 * stopped there); its abort listener goes when the job ends either way. When the worker cannot
 * load (blocked by a Content-Security-Policy, a missing file), every job is rejected with
 * `WorkerUnavailable` and later ones at once, so the caller can fall back.
 */

import { abortError } from './transport/errors.js';

/** The worker failed to load: jobs were not run. */
export class WorkerUnavailable extends Error {
  constructor(what: string) {
    super(`the ${what} worker failed to load`);
  }
}

type Reply = { id: number; error?: string };
type Job<R> = { id: number; message: Record<string, unknown>; resolve: (reply: R) => void; reject: (error: Error) => void };

export interface WorkerJobsOptions {
  /** Named in errors: "the thumbnail worker failed to load". */
  name: string;
  /** Jobs posted at once; the rest wait here (undefined: no limit). */
  inFlight?: number;
  /** The worker stops a running job when sent `{ cancel: id }`. */
  cancels?: boolean;
}

export class WorkerJobs<R extends Reply> {
  private worker?: Worker;
  private nextId = 1;
  private readonly waiting: Job<R>[] = [];
  private readonly running = new Map<number, Job<R>>();
  private broken = typeof Worker === 'undefined';

  constructor(
    private readonly url: URL,
    private readonly options: WorkerJobsOptions,
  ) {}

  /** Whether jobs can run in the worker (it exists here and has not failed to load). */
  get usable(): boolean {
    return !this.broken;
  }

  /** Posts `message` with a new id; resolves with the worker's answer, rejects with its error. */
  run(message: Record<string, unknown>, signal?: AbortSignal): Promise<R> {
    if (this.broken) return Promise.reject(new WorkerUnavailable(this.options.name));
    if (signal?.aborted) return Promise.reject(abortError());
    return new Promise<R>((resolve, reject) => {
      const onAbort = () => this.cancel(job);
      const ended = () => signal?.removeEventListener('abort', onAbort);
      const job: Job<R> = { id: this.nextId++, message, resolve: (reply) => (ended(), resolve(reply)), reject: (error) => (ended(), reject(error)) };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(job);
      this.pump();
    });
  }

  /** Stops the worker; jobs not answered are rejected. */
  dispose(): void {
    this.worker?.terminate();
    this.worker = undefined;
    for (const job of this.takeAll()) job.reject(new Error('disposed'));
  }

  private cancel(job: Job<R>) {
    const index = this.waiting.indexOf(job);
    if (index >= 0) this.waiting.splice(index, 1);
    else if (this.running.delete(job.id)) {
      // Otherwise the worker finishes it (milliseconds for a checksum) and its answer is dropped.
      if (this.options.cancels) this.worker?.postMessage({ cancel: job.id });
    } else return;
    job.reject(abortError());
    this.pump();
  }

  private pump() {
    while (this.running.size < (this.options.inFlight ?? Infinity) && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      this.running.set(job.id, job);
      this.worker ??= this.start();
      this.worker.postMessage({ id: job.id, ...job.message });
    }
  }

  private start(): Worker {
    const worker = new Worker(this.url, { type: 'module' });
    worker.onmessage = (event: MessageEvent<R>) => {
      const job = this.running.get(event.data.id);
      if (!job) return;
      this.running.delete(job.id);
      if (event.data.error !== undefined) job.reject(new Error(event.data.error));
      else job.resolve(event.data);
      this.pump();
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.broken = true;
      for (const job of this.takeAll()) job.reject(new WorkerUnavailable(this.options.name));
    };
    return worker;
  }

  private takeAll(): Job<R>[] {
    const jobs = [...this.running.values(), ...this.waiting.splice(0)];
    this.running.clear();
    return jobs;
  }
}
