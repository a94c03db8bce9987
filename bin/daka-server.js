#!/usr/bin/env node
// The `daka-server` CLI: Daka Server run from its TypeScript sources through tsx
// (a bundled server build is a later issue).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../server/cli.ts');
process.exitCode = await main(process.argv.slice(2));
