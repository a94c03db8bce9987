/**
 * macOS: whether the running app is signed well enough for Squirrel.Mac to check an update
 * against it. codesign does not exist on the Linux test machine, so node:child_process is
 * replaced by a recorder that answers like codesign (exit 0, 1 or a timeout).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls: { file: string; args: string[]; options: Record<string, unknown> }[] = [];
let answer: Error | null = null;

vi.mock('node:child_process', () => ({
  execFile: (
    file: string,
    args: string[],
    options: Record<string, unknown>,
    done: (error: Error | null) => void,
  ) => {
    calls.push({ file, args, options });
    queueMicrotask(() => done(answer));
  },
}));

const { macCodeSigned } = await import('../../main/shell/update-host');

describe('macCodeSigned', () => {
  beforeEach(() => {
    calls.length = 0;
    answer = null;
  });

  it('asks /usr/bin/codesign about the .app bundle, without a shell, within 20 s', async () => {
    await expect(macCodeSigned('/Applications/Daka.app/Contents/MacOS/Daka')).resolves.toBe(true);
    expect(calls).toHaveLength(1);
    const call = calls[0];
    expect(call?.file).toBe('/usr/bin/codesign');
    expect(call?.args.at(-1)).toBe('/Applications/Daka.app');
    expect(call?.options.shell).toBeUndefined();
    expect(call?.options.timeout).toBe(20_000);
  });

  it('requires a certificate chain to Apple: an ad-hoc or self-signed app counts as unsigned', async () => {
    // `codesign --verify` alone passes an ad-hoc signature (electron-builder's mac.identity
    // "-"), whose designated requirement is its own hash: Squirrel.Mac would refuse every
    // update, so About should say unsigned.
    await macCodeSigned('/Applications/Daka.app/Contents/MacOS/Daka');
    const args = calls[0]?.args ?? [];
    expect(args.slice(0, 2)).toEqual(['--verify', '--strict']);
    expect(args).toContain('-R');
    expect(args[args.indexOf('-R') + 1]).toBe('=anchor apple generic');
  });

  it('is false when codesign refuses or times out', async () => {
    answer = Object.assign(new Error('code object is not signed at all'), { code: 1 });
    await expect(macCodeSigned('/Applications/Daka.app/Contents/MacOS/Daka')).resolves.toBe(false);
  });
});
