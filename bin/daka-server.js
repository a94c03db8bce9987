#!/usr/bin/env node
// The `daka-server` CLI of this checkout (`npx daka-server`). It runs the built server,
// out/server/daka-server.mjs (`npm run build:server`, part of `npm run build`), when it is
// there; otherwise the TypeScript sources through tsx, saying so. DAKA_SERVER_FROM_SOURCE=1
// runs the sources even when a build exists (a build is not rebuilt when the sources change).
// The published package has its own bin (out/server/bin.mjs; see scripts/build-server.mjs).
import { existsSync } from 'node:fs';

const built = new URL('../out/server/daka-server.mjs', import.meta.url);
const fromSource = process.env.DAKA_SERVER_FROM_SOURCE === '1';

let main;
if (existsSync(built) && !fromSource) {
  ({ main } = await import(built.href));
} else {
  if (!fromSource) {
    process.stderr.write(
      'daka-server: no build at out/server/daka-server.mjs (npm run build:server); running the sources through tsx\n',
    );
  }
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../server/cli.ts'));
}
process.exitCode = await main(process.argv.slice(2));
