/**
 * The real electron-vite build, with one plugin per section that records which modules
 * ended up with bytes in each bundle: `npm run sbom -- --from-build` uses it to check that
 * scripts/sbom.ts's import-graph reading (esbuild) lists the same packages as the build.
 * Writes to $DAKA_SBOM_BUILD_OUT (a temporary folder), never to out/.
 * electron-vite bundles config files, which turns the root config's import.meta.dirname
 * into this folder; the entries are therefore re-rooted here.
 */
import { appendFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';
import config from '../electron.vite.config';

const repo = resolve(import.meta.dirname, '..');
const out = process.env.DAKA_SBOM_BUILD_OUT ?? join(repo, 'out', '.sbom-build');

function record(bundle: string): Plugin {
  return {
    name: 'daka-sbom-record',
    generateBundle(_options, files) {
      for (const file of Object.values(files)) {
        if (file.type !== 'chunk') continue;
        for (const [id, info] of Object.entries(file.modules)) {
          if (info.renderedLength > 0) {
            appendFileSync(join(out, 'modules.jsonl'), `${JSON.stringify({ bundle, id })}\n`);
          }
        }
      }
    },
  };
}

const main = config.main ?? {};
const preload = config.preload ?? {};
const renderer = config.renderer ?? {};

export default {
  main: {
    ...main,
    plugins: [record('main')],
    build: {
      ...main.build,
      outDir: join(out, 'main'),
      rollupOptions: {
        ...main.build?.rollupOptions,
        input: { index: join(repo, 'main/index.ts'), cli: join(repo, 'main/cli.ts') },
      },
    },
  },
  preload: {
    ...preload,
    plugins: [record('preload')],
    build: {
      ...preload.build,
      outDir: join(out, 'preload'),
      rollupOptions: {
        ...preload.build?.rollupOptions,
        input: { index: join(repo, 'main/preload.ts') },
      },
    },
  },
  renderer: {
    ...renderer,
    root: join(repo, 'renderer'),
    plugins: [...(renderer.plugins ?? []), record('renderer')],
    build: {
      ...renderer.build,
      outDir: join(out, 'renderer'),
      rollupOptions: { input: { index: join(repo, 'renderer/index.html') } },
    },
  },
};
