// `cem analyze` reads the element's JSDoc (@fires, @csspart, @cssprop) and its properties into
// dist/custom-elements.json, the manifest IDEs and documentation tools read.
import { readFileSync } from 'node:fs';
import ts from 'typescript';

/**
 * The configuration attributes (`region`, `user-pool-id`, …) are made at runtime from the
 * one table in src/lib/config.ts, which the analyzer does not run: read that table (names and
 * doc comments) and document them as attributes and fields, right after `config`.
 */
function configAttributesFromTable() {
  const file = new URL('./src/lib/config.ts', import.meta.url);
  const source = ts.createSourceFile('config.ts', readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  let table;
  source.forEachChild(function visit(node) {
    if (ts.isVariableDeclaration(node) && node.name.getText() === 'CONFIG_ATTRIBUTES') table = node.initializer;
    else node.forEachChild(visit);
  });
  while (table && !ts.isObjectLiteralExpression(table)) table = table.expression;
  if (!table) throw new Error('src/lib/config.ts has no CONFIG_ATTRIBUTES table');
  const entries = table.properties.map((property) => {
    const doc = ts.getJSDocCommentsAndTags(property).map((d) => ts.getTextOfJSDocComment(d.comment) ?? '').join(' ');
    return { fieldName: property.name.getText(), name: property.initializer.text, description: doc };
  });
  return {
    name: 'config-attributes-from-table',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (declaration.tagName !== 'secure-uploader') continue;
          const at = declaration.attributes.findIndex((a) => a.name === 'config') + 1;
          declaration.attributes.splice(at, 0, ...entries.map((e) => ({ name: e.name, type: { text: 'string | undefined' }, description: e.description, fieldName: e.fieldName })));
          declaration.members.splice(
            declaration.members.findIndex((m) => m.name === 'config') + 1,
            0,
            ...entries.map((e) => ({ kind: 'field', name: e.fieldName, type: { text: 'string | undefined' }, description: e.description, attribute: e.name })),
          );
        }
      }
    },
  };
}

export default {
  globs: ['src/secure-uploader.component.ts', 'src/secure-uploader.ts', 'src/events.ts'],
  outdir: 'dist',
  // package.json names dist/custom-elements.json already; a run with another --outdir (the
  // manifest test) must not rewrite it.
  packagejson: false,
  litelement: true,
  plugins: [configAttributesFromTable()],
};
