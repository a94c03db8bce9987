/**
 * One `daka` at a time per data folder: two processes writing the same
 * outbox file would each overwrite the other's intents. The lock file is
 * created atomically WITH its owner's pid (written to a private file, then
 * hard-linked into place, which fails if a lock exists), so no one ever sees
 * an empty lock. A lock whose owner died is moved aside by exactly one
 * process (rename is atomic) and the race starts again. A second `daka`
 * waits a little, then gives up with a clear error.
 */
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
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

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

function ownerOf(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch (error) {
    if (code(error) === 'ENOENT') return null;
    throw error;
  }
}

/** true: ours now; false: someone else's, try again later. */
function tryLock(file: string): boolean {
  const mine = `${file}.${process.pid}`;
  writeFileSync(mine, String(process.pid), { mode: 0o600 });
  try {
    linkSync(mine, file);
    return true;
  } catch (error) {
    if (code(error) !== 'EEXIST') throw error;
    const owner = ownerOf(file);
    if (owner !== null && (owner === process.pid || alive(owner))) return false;
    if (owner === null) return false; // released just now: the next round takes it
    // The owner died: one process moves the stale lock aside; everyone retries.
    const aside = `${file}.stale.${process.pid}`;
    try {
      renameSync(file, aside);
    } catch (moved) {
      if (code(moved) !== 'ENOENT') throw moved;
      return false;
    }
    // Between our look and the move, someone may have taken the lock anew: give it back.
    if (ownerOf(aside) !== owner) {
      try {
        linkSync(aside, file);
      } catch (back) {
        if (code(back) !== 'EEXIST') throw back;
      }
    }
    unlinkSync(aside);
    return false;
  } finally {
    unlinkSync(mine);
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
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
  }
  return () => {
    try {
      if (ownerOf(file) === process.pid) unlinkSync(file);
    } catch {
      // Already gone: nothing to release.
    }
  };
}
