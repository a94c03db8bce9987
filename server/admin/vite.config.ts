/**
 * The admin console's bundle: its own small Vite build (React, the admin
 * dictionaries, one language chunk at a time) into out/admin, served by the
 * server at /admin/. `npm run build:admin`.
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// React's production build whatever NODE_ENV the caller has: vitest's global setup builds with
// NODE_ENV=test, which would ship React's development build (twice the size, dev JSX runtime).
process.env.NODE_ENV = 'production';

export default defineConfig({
  root: resolve(import.meta.dirname, 'ui'),
  base: '/admin/',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, '../../out/admin'),
    emptyOutDir: true,
    minify: true,
    sourcemap: false,
    // No inline module preload polyfill script: the CSP allows scripts from files only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
