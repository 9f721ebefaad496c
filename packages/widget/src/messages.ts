/**
 * Words for what the controllers know as codes: a failure, a refused file, a password rule.
 * The words themselves are in the catalogs (i18n/); a controller keeps a `Message`, a function
 * of the catalog, so what it shows follows the page's language even after it was set.
 */
import type { Catalog } from './i18n/catalog.js';
import type { Refusal } from './lib/files.js';
import type { PasswordRule } from './lib/password-policy.js';
import type { ServiceErrorCode } from './transport/errors.js';

/** Words to show, in whatever language the element speaks when it renders. */
export type Message = (t: Catalog) => string;

/** A failure's sentence; for a weak password, with the service's reason. */
export const errorMessage =
  (code: ServiceErrorCode, detail?: string): Message =>
  (t) => {
    const sentence = t.errors[code] ?? t.errorsOther.somethingWrong;
    return code === 'weak-password' && detail ? t.errorsOther.weakPasswordDetail(sentence, detail.replace(/^Password did not conform with policy: /, '')) : sentence;
  };

export const refusalMessage =
  (refusal: Refusal): Message =>
  (t) => {
    switch (refusal.code) {
      case 'too-large':
        return t.refusals.tooLarge(refusal.limit);
      case 'type-not-accepted':
        return t.refusals.notAccepted(refusal.accept);
      case 'content-mismatch':
        return refusal.found ? t.refusals.contentIs(refusal.found, refusal.claimed) : t.refusals.contentNotLike(refusal.claimed);
      case 'too-many-files':
        return t.refusals.tooMany(refusal.limit);
      case 'empty-file':
        return t.refusals.empty;
    }
  };

export function passwordRuleLabel(t: Pick<Catalog, 'rules'>, rule: PasswordRule): string {
  switch (rule.id) {
    case 'length':
      return t.rules.length(rule.minLength);
    case 'lowercase':
      return t.rules.lowercase;
    case 'uppercase':
      return t.rules.uppercase;
    case 'number':
      return t.rules.number;
    case 'symbol':
      return t.rules.symbol;
  }
}
