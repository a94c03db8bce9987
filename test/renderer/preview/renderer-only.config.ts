/**
 * The repository's electron-vite config with only its renderer section, so the
 * popup can be built (for the size bench and the preview) on its own:
 * `npx electron-vite build -c test/renderer/preview/renderer-only.config.ts`.
 * electron-vite bundles config files, which turns the root config's
 * import.meta.dirname into this folder; the entry is therefore re-rooted here.
 * DAKA_RENDERER_OUT builds elsewhere than out/renderer (several people building
 * in one checkout at once would otherwise swap each other's files).
 */
import { resolve } from 'node:path';
import config from '../../../electron.vite.config';

const repo = resolve(import.meta.dirname, '../../..');
const renderer = config.renderer ?? {};

export default {
  renderer: {
    ...renderer,
    root: resolve(repo, 'renderer'),
    build: {
      ...renderer.build,
      outDir: resolve(repo, process.env.DAKA_RENDERER_OUT || 'out/renderer'),
      // The root's output options (its chunking) apply here too: the bench measures that build.
      rollupOptions: {
        ...renderer.build?.rollupOptions,
        input: { index: resolve(repo, 'renderer/index.html') },
      },
    },
  },
};
