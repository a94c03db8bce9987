import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// Everything is bundled (no runtime `dependencies`), so app.asar holds only out/.
export default defineConfig({
  main: {
    build: {
      externalizeDeps: false,
      sourcemap: false,
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'main/index.ts'),
          cli: resolve(import.meta.dirname, 'main/cli.ts'),
        },
        external: ['electron'],
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'main/preload.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      // electron-vite leaves the renderer unminified by default; the popup has a size budget.
      minify: true,
      // No <link rel=modulepreload> for a lazy view's shared chunks (a lazy view then fetches
      // them after its own, from app:// on the same machine): Vite's preload list is bytes on
      // the start path (162 B gzipped). CSS a lazy view needs is still loaded with it.
      modulePreload: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'renderer/index.html') },
        // Everything the popup loads at start in ONE chunk. Left alone, Rolldown moves modules
        // the entry and a lazy view share (React, shared/time, ErrorNotice...) into extra
        // preloaded chunks, depending on which lazy views import what: +1 kB gzipped at start.
        output: {
          manualChunks: (id, { getModuleInfo }) =>
            onStartupPath(id, getModuleInfo) ? 'index' : null,
        },
      },
    },
  },
});

type ModuleInfoOf = (id: string) => { isEntry: boolean; importers: readonly string[] } | null;
const startupPath = new Map<string, boolean>();

/** Whether a chain of static imports leads from an entry to the module. */
function onStartupPath(id: string, info: ModuleInfoOf, seen = new Set<string>()): boolean {
  const known = startupPath.get(id);
  if (known !== undefined) return known;
  if (seen.has(id)) return false;
  seen.add(id);
  const module = info(id);
  const yes =
    !!module && (module.isEntry || module.importers.some((i) => onStartupPath(i, info, seen)));
  startupPath.set(id, yes);
  return yes;
}
