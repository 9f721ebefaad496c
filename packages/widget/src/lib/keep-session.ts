/**
 * Where the element keeps a visitor's sign-in (the `keep-session` attribute). Whoever can run
 * script on the page can read the tokens in any of these; what differs is how long they live:
 *
 * - `memory`: nowhere; a reload or a new tab asks for the password again.
 * - `tab` (default): this tab's sessionStorage; survives reloads, gone when the tab closes.
 * - `browser`: localStorage; every tab, until sign-out or the refresh token expires.
 */
export type KeepSession = 'memory' | 'tab' | 'browser';
export const KEEP_SESSION_VALUES: readonly KeepSession[] = ['memory', 'tab', 'browser'];
export const DEFAULT_KEEP_SESSION: KeepSession = 'tab';

/** The attribute's value, or the default for a missing or unknown one. */
export const keepSessionOf = (value: string | undefined): KeepSession =>
  (KEEP_SESSION_VALUES as readonly string[]).includes(value ?? '') ? (value as KeepSession) : DEFAULT_KEEP_SESSION;
