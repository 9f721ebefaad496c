/**
 * The stores behind `keep-session` (lib/keep-session.ts), in the shape the Cognito library
 * reads and writes its tokens through.
 */
import type { ICognitoStorage } from 'amazon-cognito-identity-js';
import type { KeepSession } from '../lib/keep-session.js';

/** Tokens held only by this page: shared by the elements on it, gone on reload. */
class MemoryStore implements ICognitoStorage {
  private readonly items = new Map<string, string>();
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  clear(): void {
    this.items.clear();
  }
}

const memory = new MemoryStore();

function storeOf(keep: KeepSession): ICognitoStorage {
  if (keep === 'memory') return memory;
  // Storage can be refused (privacy settings, sandboxed frames): keep the session in memory then.
  try {
    return keep === 'tab' ? sessionStorage : localStorage;
  } catch {
    return memory;
  }
}

/**
 * The store for `keep`, after removing this app client's tokens from the other stores, so
 * choosing a shorter-lived place does not leave a month-old session in localStorage.
 */
export function sessionStore(keep: KeepSession, clientId: string): ICognitoStorage {
  const prefix = `CognitoIdentityServiceProvider.${clientId}.`;
  for (const other of ['memory', 'tab', 'browser'] as const) {
    if (other === keep) continue;
    const store = storeOf(other);
    if (store === storeOf(keep)) continue;
    const keys = store instanceof MemoryStore ? [] : Object.keys(store);
    for (const key of keys) if (key.startsWith(prefix)) store.removeItem(key);
  }
  return storeOf(keep);
}

/**
 * Whether a sign-in of this app client is kept where `keep` says, read without the Cognito
 * library (its key layout: `CognitoIdentityServiceProvider.{clientId}.LastAuthUser`), so the
 * element knows whether to load that library at once.
 */
export function hasKeptSession(keep: KeepSession, clientId: string): boolean {
  return Boolean(storeOf(keep).getItem(`CognitoIdentityServiceProvider.${clientId}.LastAuthUser`));
}
