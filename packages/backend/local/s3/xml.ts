/** S3's XML: writing responses, and reading the few request bodies S3 takes as XML. */
import { S3Error } from '../errors.js';

export const escapeXml = (value: string) =>
  value.replace(/[<>&'"\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (c) =>
    ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? `&#${c.charCodeAt(0)};`,
  );

const malformed = () => new S3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);

/** A character reference's code point, when it is one XML allows. */
function character(code: number): string {
  const allowed = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
  if (!allowed) throw malformed();
  return String.fromCodePoint(code);
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

/** Text with its references resolved; a bare `&` or an unknown reference is not XML. */
const unescapeXml = (value: string) =>
  value.replace(/&(#x[0-9a-fA-F]+|#\d+|[A-Za-z]+)?;?/g, (whole, entity: string | undefined) => {
    if (!entity || !whole.endsWith(';')) throw malformed();
    if (entity.startsWith('#x')) return character(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return character(parseInt(entity.slice(1), 10));
    const named = NAMED[entity];
    if (named === undefined) throw malformed();
    return named;
  });

/** An XML element tree as nested arrays: [name, children | text]. */
export type XmlNode = [string, XmlNode[] | string | number | boolean | undefined];

function render(node: XmlNode): string {
  const [name, content] = node;
  if (content === undefined) return '';
  if (Array.isArray(content)) return `<${name}>${content.map(render).join('')}</${name}>`;
  return `<${name}>${escapeXml(String(content))}</${name}>`;
}

export function xmlDocument(root: string, children: XmlNode[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${children.map(render).join('')}</${root}>`;
}

export function errorDocument(code: string, message: string, fields: Record<string, string>): string {
  const extra = Object.entries(fields).map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message>${extra}</Error>`;
}

/**
 * Every `<tag>…</tag>` inside `xml` (no nesting of the same tag), its raw content. One pass
 * with indexOf: a body of unclosed tags costs one scan, not one scan per tag (a regex did).
 */
export function elements(xml: string, tag: string): string[] {
  const found: string[] = [];
  const close = `</${tag}>`;
  for (let at = 0; ; ) {
    const open = xml.indexOf(`<${tag}`, at);
    if (open < 0) break;
    const next = xml.charAt(open + tag.length + 1);
    if (next !== '>' && !/\s/.test(next)) {
      at = open + 1; // a longer tag name that starts the same
      continue;
    }
    const contentStart = xml.indexOf('>', open) + 1;
    if (contentStart === 0) break;
    const end = xml.indexOf(close, contentStart);
    if (end < 0) break; // no closing tag after this one: none after any later one either
    found.push(xml.slice(contentStart, end));
    at = end + close.length;
  }
  return found;
}

export function text(xml: string, tag: string): string | undefined {
  const value = elements(xml, tag)[0];
  return value === undefined ? undefined : unescapeXml(value.trim());
}
