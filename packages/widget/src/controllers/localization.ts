import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { withOverrides, type Catalog, type FilesCatalog, type Language, type MessageOverrides } from '../i18n/catalog.js';
import { en } from '../i18n/en.js';
import { languageOf, LANGUAGES } from '../i18n/languages.js';
import { Format } from '../lib/format.js';
import { LatestCall } from '../lib/latest-call.js';

/**
 * The element's language: taken from its own `lang` or the nearest ancestor's (across shadow
 * roots), followed when either changes; the catalog of that language with the page's
 * `messages` laid over it; and the `Format` for its numbers, sizes, dates and plurals.
 *
 * The signed-in screens' words come with those screens (`loadFiles`): until then `t` holds the
 * first screens' groups only, which is all that renders.
 */
export class Localization implements ReactiveController {
  /** The words, for views and controllers (the signed-in groups once `loadFiles` has resolved). */
  t: Catalog;
  format: Format;
  language: Language = en;
  /** The page's tag (`de-AT`), which also picks region formats. */
  tag = 'en';
  private overrides?: MessageOverrides;
  /** The signed-in groups of `language`, once asked for. */
  private files?: { language: Language; make: (format: Format) => FilesCatalog };
  private filesWanted = false;
  private readonly loading = new LatestCall();
  private observer?: MutationObserver;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    this.format = new Format('en', en.sizeUnits);
    this.t = en.catalog(this.format) as Catalog;
    host.addController(this);
  }

  hostConnected(): void {
    this.follow();
    // A page that switches language (or a framework that sets `lang` late) is followed.
    this.observer = new MutationObserver(() => this.follow());
    this.observer.observe(this.host.ownerDocument.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
  }

  /** `dir` for the element's content. */
  get dir(): 'ltr' | 'rtl' {
    return this.language.dir;
  }

  /** The page's changes to any words (the `messages` property). */
  setOverrides(overrides: MessageOverrides | undefined): void {
    this.overrides = overrides;
    this.build();
  }

  /** Loads the signed-in screens' words (in the current language, and in any it changes to). */
  async loadFiles(): Promise<void> {
    this.filesWanted = true;
    const language = this.language;
    if (this.files?.language === language) return;
    const make = await language.filesCatalog();
    if (this.language !== language) return; // follow() loads the new language's
    this.files = { language, make };
    this.build();
  }

  /** Looks up the language the page asks for, loading its catalog when it changes. */
  follow(): void {
    const tag = nearestLang(this.host) || 'en';
    if (tag === this.tag) return;
    const signal = this.loading.begin();
    void LANGUAGES[languageOf(tag)]!()
      .then(async (language) => ({ language, make: this.filesWanted ? await language.filesCatalog() : undefined }))
      .then(
        ({ language, make }) => {
          if (signal.aborted) return;
          this.loading.finish(signal);
          this.tag = tag;
          this.language = language;
          // Both parts switch together: never a screen in two languages.
          this.files = make ? { language, make } : this.files?.language === language ? this.files : undefined;
          this.build();
          // Asked for while this language was on its way.
          if (this.filesWanted && !this.files) void this.loadFiles();
        },
        () => undefined, // a chunk that fails to load leaves the words as they are
      );
  }

  private build(): void {
    this.format = new Format(languageOf(this.tag) === this.language.locale ? this.tag : this.language.locale, this.language.sizeUnits);
    // Before loadFiles the signed-in groups are absent; nothing that renders reads them.
    const words = { ...this.language.catalog(this.format), ...this.files?.make(this.format) } as Catalog;
    this.t = withOverrides(words, this.overrides);
    this.host.requestUpdate();
  }
}

/** The `lang` of the element or its nearest ancestor, through shadow roots. */
function nearestLang(element: Element): string {
  let node: Element | null = element;
  while (node) {
    const lang = node.getAttribute('lang');
    if (lang) return lang;
    node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host ?? null);
  }
  return '';
}
