/**
 * The languages the element speaks, and which one a page asks for. English is built in; the
 * others load with import() the first time a page asks, so pages in English pay nothing.
 */
import type { Language } from './catalog.js';
import { en } from './en.js';

export const LANGUAGES: Readonly<Record<string, () => Promise<Language>>> = {
  en: async () => en,
  de: async () => (await import('./de.js')).de,
  es: async () => (await import('./es.js')).es,
  ar: async () => (await import('./ar.js')).ar,
};

/** The supported language for a BCP 47 tag (`de-AT` → `de`); English for any other. */
export function languageOf(tag: string | undefined): string {
  const base = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return base in LANGUAGES ? base : 'en';
}
