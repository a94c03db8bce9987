import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Builds out/ once when the run includes tests of the built app (test/e2e, test/boot).
    globalSetup: ['test/global-setup.ts'],
    // electron-store imports `electron`; inlined, it sees a test's vi.mock('electron') instead of
    // the real package (which, without its binary, would try to download Electron).
    server: { deps: { inline: ['electron-store'] } },
  },
});
