/**
 * electron-builder's beforeBuild hook (electron-builder.yml). Everything the app runs is
 * bundled into out/ by electron-vite, so node_modules must not be copied into app.asar,
 * even though the bundled packages are `dependencies` (so that `npm audit --omit=dev`
 * covers what ships; docs/sbom/shipped.json lists them). Resolving to false tells
 * electron-builder that node_modules are handled outside it: it neither rebuilds nor
 * collects nor packs them. test/shell/packaging.test.ts checks app.asar holds none.
 */
/* global module */
module.exports = async function nodeModulesBundled() {
  return false;
};
