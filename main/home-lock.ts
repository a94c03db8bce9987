/**
 * One `daka` at a time per data folder: two processes writing the same
 * outbox file would each overwrite the other's intents. The lock is a file
 * created exclusively, holding the owner's pid; a lock whose owner died is
 * taken over. A second `daka` waits a little, then gives up with a clear error.
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../shared/errors';

const LOCK_FILE = 'daka.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryLock(file: string): boolean {
  try {
    const fd = openSync(file, 'wx', 0o600);
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) return false;
    // Left behind by a process that died: take it over.
    unlinkSync(file);
    return tryLock(file);
  }
}

/** Takes the data folder's lock, waiting up to `waitMs`; returns the release function. */
export async function lockHome(home: string, waitMs = 10_000): Promise<() => void> {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const file = join(home, LOCK_FILE);
  const deadline = Date.now() + waitMs;
  while (!tryLock(file)) {
    if (Date.now() >= deadline) {
      throw new AppError('invalidInput', `Another daka is using ${home}`, { field: 'home' });
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return () => {
    try {
      if (Number(readFileSync(file, 'utf8').trim()) === process.pid) unlinkSync(file);
    } catch {
      // Already gone: nothing to release.
    }
  };
}
