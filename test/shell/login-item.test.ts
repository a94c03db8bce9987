import {
  mkdtempSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AUTOSTART_ARG,
  createLoginItem,
  isAutostartLaunch,
  linuxAutostartDesktopEntry,
  linuxAutostartPath,
  quoteExecArgument,
} from '../../main/shell/login-item';
import { createFakeElectron } from '../fakes/electron';

describe('linuxAutostartDesktopEntry', () => {
  it('launches us with --autostart, enabled for GNOME, named and iconed', () => {
    expect(
      linuxAutostartDesktopEntry({
        executable: '/home/ann/Apps/Daka-0.1.0.AppImage',
        name: 'Daka',
        comment: '钉钉打卡提醒',
        icon: 'daka',
      }),
    ).toBe(
      [
        '[Desktop Entry]',
        'Type=Application',
        'Version=1.0',
        'Name=Daka',
        'Comment=钉钉打卡提醒',
        'Exec="/home/ann/Apps/Daka-0.1.0.AppImage" --autostart',
        'Icon=daka',
        'Terminal=false',
        'X-GNOME-Autostart-enabled=true',
        '',
      ].join('\n'),
    );
  });

  it('quotes the path as the Desktop Entry spec says', () => {
    expect(quoteExecArgument('/opt/My Apps/daka')).toBe('"/opt/My Apps/daka"');
    expect(quoteExecArgument('/a/"b"/$HOME/`x`/100%')).toBe('"/a/\\"b\\"/\\$HOME/\\`x\\`/100%%"');
    // A literal backslash needs four in the file: one escape for quoting, doubled for the string.
    const entry = linuxAutostartDesktopEntry({
      executable: '/a\\b',
      name: 'D',
      comment: 'c',
      icon: 'i',
    });
    expect(entry).toContain('Exec="/a\\\\\\\\b" --autostart');
  });

  it('escapes line breaks in names so they cannot inject keys', () => {
    const entry = linuxAutostartDesktopEntry({
      executable: '/x',
      name: 'Daka\nExec=rm -rf ~',
      comment: 'c',
      icon: 'i',
    });
    expect(entry.split('\n').filter((l) => l.startsWith('Exec='))).toEqual([
      'Exec="/x" --autostart',
    ]);
  });
});

describe('linuxAutostartPath', () => {
  it('honours an absolute XDG_CONFIG_HOME and ignores a relative one', () => {
    expect(linuxAutostartPath({ XDG_CONFIG_HOME: '/cfg' }, '/home/ann')).toBe(
      '/cfg/autostart/daka.desktop',
    );
    expect(linuxAutostartPath({ XDG_CONFIG_HOME: 'cfg' }, '/home/ann')).toBe(
      '/home/ann/.config/autostart/daka.desktop',
    );
    expect(linuxAutostartPath({}, '/home/ann')).toBe('/home/ann/.config/autostart/daka.desktop');
  });
});

describe('the Linux login item', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'daka-autostart-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const item = (env: { APPIMAGE?: string; XDG_CONFIG_HOME?: string }) =>
    createLoginItem({
      app: createFakeElectron({ platform: 'linux' }).app,
      platform: 'linux',
      execPath: '/tmp/.mount_DakaXYZ/daka',
      env,
      homeDir: join(dir, 'home'),
    });

  it('writes the entry under XDG_CONFIG_HOME, pointing at the AppImage, and reads it back', () => {
    const config = join(dir, 'config');
    const login = item({ XDG_CONFIG_HOME: config, APPIMAGE: '/home/ann/Apps/Daka.AppImage' });
    expect(login.isEnabled()).toBe(false);
    login.setEnabled(true);
    const file = join(config, 'autostart', 'daka.desktop');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(`Exec="/home/ann/Apps/Daka.AppImage" ${AUTOSTART_ARG}`);
    expect(text).toContain('X-GNOME-Autostart-enabled=true');
    expect(statSync(file).mode & 0o777).toBe(0o644 & ~process.umask());
    expect(login.isEnabled()).toBe(true);
    login.setEnabled(false);
    expect(existsSync(file)).toBe(false);
    expect(login.isEnabled()).toBe(false);
    login.setEnabled(false);
  });

  it('uses the executable itself outside an AppImage, under ~/.config by default', () => {
    const login = item({});
    login.setEnabled(true);
    const text = readFileSync(join(dir, 'home', '.config', 'autostart', 'daka.desktop'), 'utf8');
    expect(text).toContain('Exec="/tmp/.mount_DakaXYZ/daka" --autostart');
  });

  it('reports off when the entry launches something else or was disabled by the desktop', () => {
    const config = join(dir, 'config');
    const login = item({ XDG_CONFIG_HOME: config, APPIMAGE: '/home/ann/Apps/Daka.AppImage' });
    login.setEnabled(true);
    const file = join(config, 'autostart', 'daka.desktop');
    const ours = readFileSync(file, 'utf8');

    writeFileSync(file, ours.replace('/home/ann/Apps/Daka.AppImage', '/old/place/Daka.AppImage'));
    expect(login.isEnabled()).toBe(false);
    writeFileSync(
      file,
      ours.replace('X-GNOME-Autostart-enabled=true', 'X-GNOME-Autostart-enabled=false'),
    );
    expect(login.isEnabled()).toBe(false);
    writeFileSync(file, `${ours}Hidden=true\n`);
    expect(login.isEnabled()).toBe(false);
    writeFileSync(file, ours.replace('[Desktop Entry]', '[Desktop Action x]'));
    expect(login.isEnabled()).toBe(false);

    login.setEnabled(true);
    expect(login.isEnabled()).toBe(true);
  });

  it('creates the autostart folder when it is missing', () => {
    const config = join(dir, 'deep', 'config');
    mkdirSync(config, { recursive: true });
    item({ XDG_CONFIG_HOME: config }).setEnabled(true);
    expect(existsSync(join(config, 'autostart', 'daka.desktop'))).toBe(true);
  });
});

describe('the macOS and Windows login items', () => {
  it('Windows registers our executable with --autostart and reads back with the same', () => {
    const { app } = createFakeElectron({ platform: 'win32' });
    const login = createLoginItem({
      app,
      platform: 'win32',
      execPath: 'C:\\Users\\ann\\AppData\\Local\\Programs\\Daka\\Daka.exe',
      env: {},
      homeDir: 'C:\\Users\\ann',
    });
    expect(login.isEnabled()).toBe(false);
    login.setEnabled(true);
    expect(app.loginItemCalls).toEqual([
      {
        openAtLogin: true,
        path: 'C:\\Users\\ann\\AppData\\Local\\Programs\\Daka\\Daka.exe',
        args: ['--autostart'],
      },
    ]);
    expect(login.isEnabled()).toBe(true);
    login.setEnabled(false);
    expect(login.isEnabled()).toBe(false);
  });

  it('macOS uses the plain login item (it cannot pass arguments)', () => {
    const { app } = createFakeElectron({ platform: 'darwin' });
    const login = createLoginItem({
      app,
      platform: 'darwin',
      execPath: '/Applications/Daka.app/Contents/MacOS/Daka',
      env: {},
      homeDir: '/Users/ann',
    });
    login.setEnabled(true);
    expect(app.loginItemCalls).toEqual([{ openAtLogin: true }]);
    expect(login.isEnabled()).toBe(true);
    app.setLoginItemSettings({ openAtLogin: false });
    expect(login.isEnabled()).toBe(false);
  });
});

describe('isAutostartLaunch', () => {
  it("recognises our flag everywhere and macOS's own report", () => {
    expect(isAutostartLaunch(['/opt/daka', '--autostart'], 'linux')).toBe(true);
    expect(isAutostartLaunch(['Daka.exe', '--autostart'], 'win32')).toBe(true);
    expect(isAutostartLaunch(['Daka.exe'], 'win32', { wasOpenedAtLogin: true })).toBe(false);
    expect(
      isAutostartLaunch(['/Applications/Daka.app'], 'darwin', { wasOpenedAtLogin: true }),
    ).toBe(true);
    expect(
      isAutostartLaunch(['/Applications/Daka.app'], 'darwin', { wasOpenedAtLogin: false }),
    ).toBe(false);
    expect(isAutostartLaunch(['/opt/daka'], 'linux', null)).toBe(false);
  });
});
