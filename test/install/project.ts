/**
 * A fresh clone of this checkout in a temporary folder, as a new user has it
 * right after `npm install` and before Electron's binary is fetched: the files
 * git knows (tracked, plus new ones not ignored), and a node_modules that
 * reuses this checkout's packages through symlinks.
 *
 * Two packages are real copies, because Node resolves a symlinked package's
 * own imports from its real location: `electron`, whose install.js extracts the
 * binary into its own folder (dist/, path.txt) and must not touch this
 * checkout's; and `electron-vite`, whose `require.resolve('electron')` must
 * find that copy. node_modules/.bin is rebuilt with the same relative links,
 * so `electron-vite` and `install-electron` run the copies.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, readdir, readlink, rm, symlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const REPO = resolve(import.meta.dirname, '../..');
const COPIED = new Set(['electron', 'electron-vite']);
/** Caches and npm's bookkeeping of this checkout, not packages. */
const SKIPPED = new Set(['.bin', '.cache', '.vite', '.vite-temp', '.package-lock.json']);

async function gitFiles(): Promise<string[]> {
  const { stdout } = await promisify(execFile)(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    { cwd: REPO, maxBuffer: 16 * 1024 * 1024 },
  );
  // A file deleted in the working tree but not yet in the index is gone for the clone too.
  return stdout.split('\0').filter((file) => file !== '' && existsSync(join(REPO, file)));
}

/** Copies node_modules/electron as npm installs it: without a binary, even if this checkout has one. */
async function copyElectron(to: string): Promise<void> {
  const from = join(REPO, 'node_modules', 'electron');
  await cp(from, to, {
    recursive: true,
    filter: (source) => ![join(from, 'dist'), join(from, 'path.txt')].includes(source),
  });
}

export async function cloneProject(dir: string): Promise<void> {
  for (const file of await gitFiles()) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await copyFile(join(REPO, file), join(dir, file));
  }
  const modules = join(dir, 'node_modules');
  await mkdir(join(modules, '.bin'), { recursive: true });
  for (const name of await readdir(join(REPO, 'node_modules'))) {
    if (SKIPPED.has(name)) continue;
    const target = join(modules, name);
    if (name === 'electron') await copyElectron(target);
    else if (COPIED.has(name))
      await cp(join(REPO, 'node_modules', name), target, { recursive: true });
    else await symlink(join(REPO, 'node_modules', name), target);
  }
  const bin = join(REPO, 'node_modules', '.bin');
  for (const name of await readdir(bin)) {
    await symlink(await readlink(join(bin, name)), join(modules, '.bin', basename(name)));
  }
}

/** Puts node_modules/electron back as npm installed it: no dist/, no path.txt. */
export async function resetElectron(dir: string): Promise<void> {
  const target = join(dir, 'node_modules', 'electron');
  await rm(target, { recursive: true, force: true });
  await copyElectron(target);
}
