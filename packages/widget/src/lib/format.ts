/**
 * Numbers, sizes, dates and plurals in the visitor's language, through `Intl`. Pure (Intl is
 * part of the language, not the DOM), so every rule is a table test.
 */

/** Abbreviations of bytes, KB, MB, GB and TB (powers of 1024, as file managers show them). */
export type SizeUnits = readonly [string, string, string, string, string];
export const ENGLISH_SIZE_UNITS: SizeUnits = ['B', 'KB', 'MB', 'GB', 'TB'];

export class Format {
  private readonly numbers: Intl.NumberFormat;
  private readonly dates: Intl.DateTimeFormat;
  private readonly plurals: Intl.PluralRules;
  private readonly sizeNumbers: Intl.NumberFormat;

  constructor(
    readonly locale: string,
    private readonly sizeUnits: SizeUnits = ENGLISH_SIZE_UNITS,
  ) {
    this.numbers = new Intl.NumberFormat(locale);
    this.sizeNumbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, useGrouping: false });
    this.dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    this.plurals = new Intl.PluralRules(locale);
  }

  /** `1,500` / `1.500` / `١٬٥٠٠`. */
  number(value: number): string {
    return this.numbers.format(value);
  }

  /** `1.5 MB` (`1,5 MB` in German): one decimal under 10, whole numbers above; bytes under 1 KB. */
  bytes(bytes: number): string {
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < this.sizeUnits.length - 1) {
      value /= 1024;
      unit++;
    }
    const shown = unit === 0 || value >= 10 ? Math.round(value) : Math.round(value * 10) / 10;
    return `${this.sizeNumbers.format(shown)} ${this.sizeUnits[unit]}`;
  }

  /** A date and time as people of the locale write it. */
  date(value: Date): string {
    return this.dates.format(value);
  }

  /**
   * The form for `count` (`one`, `few`, `many`, …; `other` always given); `#` in it becomes
   * the formatted count.
   */
  plural(count: number, forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }): string {
    const form = forms[this.plurals.select(count)] ?? forms.other;
    return form.replaceAll('#', this.number(count));
  }
}
