import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wholeCatalog, withOverrides, type Catalog, type Language } from '../src/i18n/catalog.js';
import { en } from '../src/i18n/en.js';
import { de } from '../src/i18n/de.js';
import { es } from '../src/i18n/es.js';
import { ar } from '../src/i18n/ar.js';
import { languageOf, LANGUAGES } from '../src/i18n/languages.js';
import { Format } from '../src/lib/format.js';

const MiB = 1024 * 1024;
const catalogOf = (language: Language, tag = language.locale) => wholeCatalog(language, new Format(tag, language.sizeUnits));

/** Every string a catalog holds, with functions called on sample values. */
function strings(catalog: Catalog): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'string') found.set(path, value);
    else if (typeof value === 'function') {
      // Entries take names, counts or sizes: a numeric string serves as each.
      const result = (value as (...args: unknown[]) => unknown)('7', '7');
      if (typeof result === 'string') found.set(path, result);
    } else if (value && typeof value === 'object') for (const [key, inner] of Object.entries(value)) walk(inner, `${path}.${key}`);
  };
  walk(catalog, '');
  return found;
}

describe('formats', () => {
  const sizes: [string, number, string][] = [
    ['en', 0, '0 B'],
    ['en', 1023, '1023 B'],
    ['en', 1024, '1 KB'],
    ['en', 1536, '1.5 KB'],
    ['en', 10 * MiB, '10 MB'],
    ['en', 5 * 1024 ** 4, '5 TB'],
    ['de', 1536, '1,5 KB'],
    ['es', 32 * MiB, '32 MB'],
  ];
  for (const [tag, bytes, expected] of sizes) {
    it(`${bytes} bytes in ${tag} is ${expected}`, () => {
      const language = { en, de, es }[tag]!;
      assert.equal(new Format(tag, language.sizeUnits).bytes(bytes), expected);
    });
  }

  it('numbers, dates and plurals follow the locale', () => {
    assert.equal(new Format('en').number(10000), '10,000');
    assert.equal(new Format('de').number(10000), '10.000');
    assert.match(new Format('de').date(new Date(Date.UTC(2026, 11, 2, 12))), /02\.12\.2026/);
    const f = new Format('ar');
    // Arabic has six plural forms; a catalog gives the ones it needs.
    assert.equal(f.plural(1, { one: 'ملف واحد', other: '# ملفات' }), 'ملف واحد');
    assert.equal(f.plural(2, { two: 'ملفان', other: '# ملفات' }), 'ملفان');
  });
});

describe('catalogs', () => {
  for (const language of [de, es, ar]) {
    it(`${language.locale} translates every entry English has`, async () => {
      const english = strings(await catalogOf(en));
      const translated = strings(await catalogOf(language));
      assert.deepEqual([...translated.keys()].sort(), [...english.keys()].sort());
      // Words some languages share with English.
      const shared = new Set(['Name', 'Code', 'Email']);
      const same = [...english].filter(([key, text]) => translated.get(key) === text && /[a-z]{3}/.test(text) && !shared.has(text));
      assert.deepEqual(same, [], 'left in English');
    });
  }

  it('sizes, counts and plurals inside sentences are the language\'s', async () => {
    assert.equal((await catalogOf(de)).refusals.tooLarge(32 * MiB), 'Zu groß: Dateien dürfen höchstens 32 MB groß sein.');
    assert.equal((await catalogOf(en)).upload.uploadCount(1), 'Upload 1 file');
    assert.equal((await catalogOf(en)).upload.uploadCount(1500), 'Upload 1,500 files');
    assert.equal((await catalogOf(de)).upload.uploadCount(2), '2 Dateien hochladen');
    assert.equal((await catalogOf(ar)).upload.uploadCount(2), 'رفع ملفين');
    assert.equal(ar.dir, 'rtl');
  });

  it('picks a language from a tag, English for any other', () => {
    assert.equal(languageOf('de-AT'), 'de');
    assert.equal(languageOf('ES'), 'es');
    assert.equal(languageOf('ar-EG'), 'ar');
    assert.equal(languageOf('fr'), 'en');
    assert.equal(languageOf(''), 'en');
    assert.deepEqual(Object.keys(LANGUAGES), ['en', 'de', 'es', 'ar']);
  });

  it('lets a page override any entry, group by group', async () => {
    const english = await catalogOf(en);
    const t = withOverrides(english, { auth: { signIn: 'Log in' }, files: { noFiles: 'Nothing here.' } });
    assert.equal(t.auth.signIn, 'Log in');
    assert.equal(t.auth.signOut, 'Sign out', 'the rest of the group stays');
    assert.equal(t.files.noFiles, 'Nothing here.');
    assert.equal(t.errors.network, english.errors.network);
  });
});
