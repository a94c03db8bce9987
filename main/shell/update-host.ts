/**
 * What the updater needs to know about the installed build, read from disk: the feed
 * electron-builder wrote (resources/app-update.yml), whether this is an AppImage or a
 * deb/rpm (electron-builder writes resources/package-type into those), and on macOS
 * whether the app bundle is code-signed. The shell's thin I/O around main/shell/updater.ts.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAppUpdateConfig, type BuildFeed } from './update-config';

export interface InstalledBuild {
  build: BuildFeed | null;
  appImage: boolean;
}

export function readInstalledBuild(input: {
  resourcesPath: string;
  env: Record<string, string | undefined>;
}): InstalledBuild {
  let build: BuildFeed | null = null;
  try {
    build = parseAppUpdateConfig(readFileSync(join(input.resourcesPath, 'app-update.yml'), 'utf8'));
  } catch {
    // No app-update.yml: a build without `publish`, so no feed of its own.
  }
  const packaged = existsSync(join(input.resourcesPath, 'package-type'));
  return { build, appImage: !packaged && (input.env.APPIMAGE ?? '') !== '' };
}

/**
 * `codesign --verify` on the .app that holds `execPath` (…/Daka.app/Contents/MacOS/Daka),
 * with a certificate that chains to Apple (Developer ID): an ad-hoc signature (electron-builder's
 * `mac.identity: "-"`, the usual way to make an unsigned Apple-silicon build launch) verifies
 * too, but its designated requirement is its own hash, so Squirrel.Mac would refuse every update.
 */
export function macCodeSigned(execPath: string): Promise<boolean> {
  const bundle = resolve(execPath, '../../..');
  const args = ['--verify', '--strict', '-R', '=anchor apple generic', bundle];
  return new Promise((done) => {
    // A hung codesign must not hold the updater: no answer in 20 s counts as unsigned.
    execFile('/usr/bin/codesign', args, { timeout: 20_000 }, (error) => done(error === null));
  });
}
