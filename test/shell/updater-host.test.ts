import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readInstalledBuild } from '../../main/shell/update-host';

describe('readInstalledBuild (the resources folder electron-builder wrote)', () => {
  let resourcesPath: string;
  beforeEach(() => {
    resourcesPath = mkdtempSync(join(tmpdir(), 'daka-resources-'));
  });
  afterEach(() => rmSync(resourcesPath, { recursive: true, force: true }));

  it("reads the build's feed and publisher from app-update.yml", () => {
    writeFileSync(
      join(resourcesPath, 'app-update.yml'),
      'provider: generic\nurl: https://u.example/daka/\npublisherName:\n  - Daka developers\n',
    );
    expect(readInstalledBuild({ resourcesPath, env: {} }).build).toEqual({
      provider: 'generic',
      url: 'https://u.example/daka/',
      publisherName: ['Daka developers'],
    });
  });

  it('has no feed without app-update.yml', () => {
    expect(readInstalledBuild({ resourcesPath, env: {} }).build).toBeNull();
  });

  it('is an AppImage only with $APPIMAGE and no package-type (a deb or rpm writes one)', () => {
    expect(
      readInstalledBuild({ resourcesPath, env: { APPIMAGE: '/opt/Daka.AppImage' } }),
    ).toMatchObject({ appImage: true });
    expect(readInstalledBuild({ resourcesPath, env: {} })).toMatchObject({ appImage: false });
    writeFileSync(join(resourcesPath, 'package-type'), 'deb\n');
    expect(
      readInstalledBuild({ resourcesPath, env: { APPIMAGE: '/opt/Daka.AppImage' } }),
    ).toMatchObject({ appImage: false });
  });
});
