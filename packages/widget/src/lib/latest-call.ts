/**
 * "Latest call wins": each `begin()` aborts the call before it and hands out a fresh signal,
 * so an answer that arrives late for an older call (a slow config file, a sign-in that was
 * replaced, a listing of a folder the visitor already left) is recognised by its aborted
 * signal and dropped. Pass the signal on to fetch or the SDK so the old work stops too.
 */
export class LatestCall {
  private current?: AbortController;

  /** Starts a new call, aborting the previous one; check `signal.aborted` after each await. */
  begin(): AbortSignal {
    this.current?.abort();
    this.current = new AbortController();
    return this.current.signal;
  }

  /** Aborts the current call, if any, without starting another. */
  cancel(): void {
    this.current?.abort();
    this.current = undefined;
  }

  /** Whether a call has begun and is neither aborted nor finished. */
  get pending(): boolean {
    return this.current !== undefined && !this.current.signal.aborted;
  }

  /** Marks the call of `signal` finished (a later `cancel()` then has nothing to abort). */
  finish(signal: AbortSignal): void {
    if (this.current?.signal === signal) this.current = undefined;
  }
}
