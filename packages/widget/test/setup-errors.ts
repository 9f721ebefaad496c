/** Fails a test when the page saw an uncaught exception or an unhandled rejection. */
export function watchPageErrors() {
  const errors: string[] = [];
  const onError = (event: ErrorEvent) => errors.push(`uncaught: ${event.message}`);
  const onRejection = (event: PromiseRejectionEvent) => errors.push(`unhandled rejection: ${String(event.reason?.stack ?? event.reason)}`);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return {
    check() {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
      if (errors.length) throw new Error(errors.join('\n'));
    },
  };
}

/**
 * Per-test setup for element tests: fresh storage (no kept session), page errors watched,
 * the element removed afterwards. Assign the mounted element to `fixture.el`.
 */
export function elementFixture<T extends HTMLElement>() {
  const fixture: { el?: T } = {};
  let errors: ReturnType<typeof watchPageErrors>;
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    errors = watchPageErrors();
  });
  afterEach(() => {
    fixture.el?.remove();
    fixture.el = undefined;
    errors.check();
  });
  return fixture;
}
