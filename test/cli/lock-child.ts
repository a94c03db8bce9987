/** A process that takes the data folder's lock and bumps a counter non-atomically under it. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lockHome } from '../../main/home-lock';

const home = process.argv[2] ?? '.';
const counter = join(home, 'counter');
const release = await lockHome(home, 30_000);
const value = Number(readFileSync(counter, 'utf8'));
await new Promise((resolve) => setTimeout(resolve, 20));
writeFileSync(counter, String(value + 1));
release();
