/** S3's XML: writing responses, and reading the few request bodies S3 takes as XML. */

export const escapeXml = (value: string) =>
  value.replace(/[<>&'"\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (c) =>
    ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? `&#${c.charCodeAt(0)};`,
  );

const unescapeXml = (value: string) =>
  value.replace(/&(lt|gt|amp|apos|quot|#\d+|#x[0-9a-fA-F]+);/g, (_, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ({ lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' } as Record<string, string>)[entity]!;
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

/** Every `<tag>…</tag>` inside `xml` (no nesting of the same tag), unescaped text. */
export function elements(xml: string, tag: string): string[] {
  const found: string[] = [];
  const pattern = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'g');
  for (const match of xml.matchAll(pattern)) found.push(match[1]!);
  return found;
}

export function text(xml: string, tag: string): string | undefined {
  const value = elements(xml, tag)[0];
  return value === undefined ? undefined : unescapeXml(value.trim());
}
