/**
 * Every event the element fires, declared once with its detail type. All bubble and are
 * composed, so a page can listen on the element or any ancestor.
 */

export interface SuErrorDetail {
  /** Stable machine-readable code, e.g. `config-invalid`. */
  code: string;
  /** Plain-words message, as shown in the element. */
  message: string;
}

export interface SecureUploaderEventMap {
  'su-error': CustomEvent<SuErrorDetail>;
}

export type SecureUploaderEventName = keyof SecureUploaderEventMap;

type DetailOf<N extends SecureUploaderEventName> = SecureUploaderEventMap[N] extends CustomEvent<infer D> ? D : never;

/** Creates one of our events with the right detail type and the bubbling/composed flags. */
export function createEvent<N extends SecureUploaderEventName>(name: N, detail: DetailOf<N>, cancelable = false): CustomEvent<DetailOf<N>> {
  return new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable });
}
