import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockHome } from '../../main/home-lock';

describe('one daka per data folder', () => {
  it('waits for a live owner, then gives up with a clear error', async () => {
    const home = mkdtempSync(join(tmpdir(), 'daka-lock-'));
    const owner = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(join(home, 'daka.lock'), String(owner.pid));
      await expect(lockHome(home, 300)).rejects.toMatchObject({ code: 'invalidInput' });
    } finally {
      owner.kill('SIGKILL');
    }
  });

  it('takes over a lock left by a process that died, and releases it', async () => {
    const home = mkdtempSync(join(tmpdir(), 'daka-lock-'));
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => dead.on('exit', resolve));
    writeFileSync(join(home, 'daka.lock'), String(dead.pid));
    const release = await lockHome(home, 300);
    expect(existsSync(join(home, 'daka.lock'))).toBe(true);
    release();
    expect(existsSync(join(home, 'daka.lock'))).toBe(false);
  });

  it('lets exactly one process in at a time, whoever races for it', async () => {
    const home = mkdtempSync(join(tmpdir(), 'daka-lock-'));
    writeFileSync(join(home, 'counter'), '0');
    const child = join(import.meta.dirname, 'lock-child.ts');
    const runs = Array.from(
      { length: 8 },
      () =>
        new Promise<number>((resolve) => {
          spawn(process.execPath, ['--import', 'tsx', child, home], { stdio: 'ignore' }).on(
            'exit',
            (code) => resolve(code ?? 1),
          );
        }),
    );
    expect(await Promise.all(runs)).toEqual(Array(8).fill(0));
    // A lost update would leave fewer than 8.
    expect(readFileSync(join(home, 'counter'), 'utf8')).toBe('8');
    expect(existsSync(join(home, 'daka.lock'))).toBe(false);
  }, 60_000);
});
