// `cem analyze` reads the element's JSDoc (@fires, @csspart, @cssprop) and its properties into
// dist/custom-elements.json, the manifest IDEs and documentation tools read.

/** Lit's internal reactive state (`{ state: true }`) is not API: keep it out of the manifest. */
function dropInternalState() {
  let internal = new Set();
  return {
    name: 'drop-internal-state',
    analyzePhase({ ts, node }) {
      if (!ts.isPropertyDeclaration(node) || node.name?.getText() !== 'properties') return;
      const object = node.initializer;
      if (!object || !ts.isObjectLiteralExpression(object)) return;
      for (const property of object.properties) {
        if (/state:\s*true/.test(property.getText())) internal.add(property.name.getText());
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          declaration.attributes = declaration.attributes?.filter((a) => !internal.has(a.fieldName ?? a.name));
          declaration.members = declaration.members?.filter((m) => !internal.has(m.name));
        }
      }
    },
  };
}

export default {
  globs: ['src/secure-uploader.component.ts', 'src/secure-uploader.ts', 'src/events.ts'],
  outdir: 'dist',
  litelement: true,
  plugins: [dropInternalState()],
};
