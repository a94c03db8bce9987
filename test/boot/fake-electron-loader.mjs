/**
 * Makes `electron` resolve to the boot fake (electron-module.ts) in a plain
 * Node process: `node --import tsx --import ./fake-electron-loader.mjs child.ts`.
 *
 * The built main bundle reaches electron two ways, and both must see the one
 * fake instance:
 * - ESM `import electron, { app, … } from "electron"`: the `resolve` hook below
 *   (run by Node on its hooks thread) maps the specifier to the fake's file
 *   URL; tsx, registered before, transpiles it.
 * - CJS `createRequire(import.meta.url)("electron")` from bundled
 *   electron-log and electron-updater: module hooks do not reach `require` in
 *   Node 20, so on the main thread `Module._load` answers with the already
 *   imported fake's default export, exactly what the ESM default import gets.
 *
 * This file is both the registrar (main thread) and the hooks module (hooks thread).
 */
import Module, { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';

const SPECIFIERS = new Set(['electron', 'electron/main']);
const FAKE_URL = new URL('./electron-module.ts', import.meta.url).href;

/** @type {import('node:module').ResolveHook} */
export async function resolve(specifier, context, nextResolve) {
  if (SPECIFIERS.has(specifier)) return { url: FAKE_URL, shortCircuit: true };
  return nextResolve(specifier, context);
}

if (isMainThread) {
  register(import.meta.url, pathToFileURL('./'));
  const fake = (await import(FAKE_URL)).default;
  // Module._load is internal and untyped; the wrapper keeps its exact signature.
  const load = Module._load;
  Module._load = function loadWithFakeElectron(request, ...rest) {
    if (SPECIFIERS.has(request)) return fake;
    return load.call(this, request, ...rest);
  };
}
