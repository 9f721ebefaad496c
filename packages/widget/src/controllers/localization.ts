import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { withOverrides, type Catalog, type Language, type MessageOverrides } from '../i18n/catalog.js';
import { en } from '../i18n/en.js';
import { languageOf, LANGUAGES } from '../i18n/languages.js';
import { Format } from '../lib/format.js';
import { LatestCall } from '../lib/latest-call.js';

/**
 * The element's language: taken from its own `lang` or the nearest ancestor's (across shadow
 * roots), followed when either changes; the catalog of that language with the page's
 * `messages` laid over it; and the `Format` for its numbers, sizes, dates and plurals.
 */
export class Localization implements ReactiveController {
  /** The words, for views and controllers. */
  t: Catalog;
  format: Format;
  language: Language = en;
  /** The page's tag (`de-AT`), which also picks region formats. */
  tag = 'en';
  private overrides?: MessageOverrides;
  private readonly loading = new LatestCall();
  private observer?: MutationObserver;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    this.format = new Format('en', en.sizeUnits);
    this.t = en.catalog(this.format);
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

  /** Looks up the language the page asks for, loading its catalog when it changes. */
  follow(): void {
    const tag = nearestLang(this.host) || 'en';
    if (tag === this.tag) return;
    const signal = this.loading.begin();
    void LANGUAGES[languageOf(tag)]!().then(
      (language) => {
        if (signal.aborted) return;
        this.loading.finish(signal);
        this.tag = tag;
        this.language = language;
        this.build();
      },
      () => undefined, // a chunk that fails to load leaves the words as they are
    );
  }

  private build(): void {
    this.format = new Format(languageOf(this.tag) === this.language.locale ? this.tag : this.language.locale, this.language.sizeUnits);
    this.t = withOverrides(this.language.catalog(this.format), this.overrides);
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
