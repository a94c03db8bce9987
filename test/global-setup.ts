/**
 * Builds the app once per vitest run, before any test file starts, when the
 * run includes tests of the built app (test/e2e serves out/renderer,
 * test/boot boots out/main). One build, never two at once: test files do not
 * build themselves, and concurrent vitest runs in this checkout take turns on
 * a lock. The E2E tests then serve a private copy of out/renderer, so a later
 * build cannot swap the files under an open page.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A copy of the renderer this run built (absent when the run needed no build). */
    rendererDir: string;
  }
}

const REPO = resolve(import.meta.dirname, '..');
/** Folders or files; in test/security only Electronegativity reads out/ (the SBOM test bundles itself). */
const NEEDS_BUILD = [
  'test/e2e/',
  'test/boot/',
  'test/cli/bin.test.ts',
  'test/security/electronegativity.test.ts',
];
/** A lock older than this belongs to a run that died. */
const STALE_LOCK_MS = 5 * 60_000;

async function needsBuild(project: TestProject): Promise<boolean> {
  // The CLI's file filters (`vitest run test/e2e`). Vitest keeps them on an internal field;
  // should it move, the glob covers every test file and the run builds: never too little.
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  const { testFiles } = await project.globTestFiles(filters);
  return testFiles.some((file) => {
    const path = relative(REPO, file).split(sep).join('/');
    return NEEDS_BUILD.some((folder) => path.startsWith(folder));
  });
}

/** mkdir is atomic: whoever creates the folder holds the lock. */
async function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const lock = join(tmpdir(), name);
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > STALE_LOCK_MS) await rm(lock, { recursive: true, force: true });
      else await new Promise((wake) => setTimeout(wake, 250));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

export default async function setup(
  project: TestProject,
): Promise<(() => Promise<void>) | undefined> {
  if (!(await needsBuild(project))) return undefined;
  const repoId = createHash('sha256').update(REPO).digest('hex').slice(0, 12);
  const copy = await mkdtemp(join(tmpdir(), 'daka-renderer-'));
  await withLock(`daka-build-${repoId}.lock`, async () => {
    await promisify(execFile)('npm', ['run', 'build'], { cwd: REPO }).catch((error: unknown) => {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      throw new Error(`npm run build failed:\n${stdout}\n${stderr}`);
    });
    await cp(join(REPO, 'out', 'renderer'), copy, { recursive: true });
  });
  project.provide('rendererDir', copy);
  return async () => {
    await rm(copy, { recursive: true, force: true });
  };
}
