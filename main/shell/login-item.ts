/**
 * Start at login. macOS and Windows keep the login item themselves (Electron's
 * setLoginItemSettings); Linux uses an XDG autostart entry. The toggle always
 * reports the real state, read back from the OS or the file, never a
 * remembered preference: the employee may have removed it behind our back.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';

export const AUTOSTART_ARG = '--autostart';
export const DESKTOP_FILE_NAME = 'daka.desktop';

export interface LoginItemApp {
  getLoginItemSettings(options?: { path?: string; args?: string[] }): {
    openAtLogin: boolean;
    wasOpenedAtLogin?: boolean;
    /** Windows: false when the entry is disabled in Task Manager's Startup tab. */
    executableWillLaunchAtLogin?: boolean;
  };
  setLoginItemSettings(settings: { openAtLogin: boolean; path?: string; args?: string[] }): void;
}

export interface LoginItem {
  isEnabled(): boolean;
  setEnabled(enabled: boolean): void;
}

/** True when this launch came from the login item (the flag we register, or macOS's own report). */
export function isAutostartLaunch(
  argv: readonly string[],
  platform: NodeJS.Platform,
  loginItemSettings?: { wasOpenedAtLogin?: boolean } | null,
): boolean {
  if (argv.includes(AUTOSTART_ARG)) return true;
  // macOS cannot pass arguments to a login item; it reports the fact instead.
  return platform === 'darwin' && loginItemSettings?.wasOpenedAtLogin === true;
}

/** What to launch: the AppImage itself when running from one (its mount path changes every run). */
export function autostartExecutable(env: { APPIMAGE?: string }, execPath: string): string {
  return env.APPIMAGE && isAbsolute(env.APPIMAGE) ? env.APPIMAGE : execPath;
}

/** ~/.config/autostart/daka.desktop, honouring an absolute XDG_CONFIG_HOME (relative ones are invalid per spec). */
export function linuxAutostartPath(env: { XDG_CONFIG_HOME?: string }, homeDir: string): string {
  const configHome =
    env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME)
      ? env.XDG_CONFIG_HOME
      : join(homeDir, '.config');
  return join(configHome, 'autostart', DESKTOP_FILE_NAME);
}

/** Escapes of the desktop-entry `string` type, applied to every value written. */
function escapeValue(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t')
    .replace(/\r/g, '\\r');
}

/**
 * One Exec argument, quoted as the Desktop Entry spec asks: inside double
 * quotes `"`, `` ` ``, `$` and `\` take a backslash, and `%` is doubled (it
 * starts field codes). The string-level escape (`\` → `\\`) comes on top, in
 * escapeValue.
 */
export function quoteExecArgument(arg: string): string {
  return `"${arg.replace(/%/g, '%%').replace(/(["`$\\])/g, '\\$1')}"`;
}

export function linuxAutostartExec(executable: string): string {
  return `${quoteExecArgument(executable)} ${AUTOSTART_ARG}`;
}

export function linuxAutostartDesktopEntry(opts: {
  executable: string;
  name: string;
  comment: string;
  icon: string;
}): string {
  const lines = [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    `Name=${escapeValue(opts.name)}`,
    `Comment=${escapeValue(opts.comment)}`,
    `Exec=${escapeValue(linuxAutostartExec(opts.executable))}`,
    `Icon=${escapeValue(opts.icon)}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
  ];
  return `${lines.join('\n')}\n`;
}

/** The [Desktop Entry] keys of a file, raw (still escaped). */
function desktopEntryKeys(text: string): Map<string, string> {
  const keys = new Map<string, string>();
  let inMainGroup = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('[')) {
      inMainGroup = line === '[Desktop Entry]';
      continue;
    }
    const eq = line.indexOf('=');
    if (!inMainGroup || line.startsWith('#') || eq < 0) continue;
    keys.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return keys;
}

/** The file exists, is not disabled, and launches this very executable. */
export function isOurAutostartEntry(text: string, executable: string): boolean {
  const keys = desktopEntryKeys(text);
  return (
    keys.get('Hidden') !== 'true' &&
    keys.get('X-GNOME-Autostart-enabled') !== 'false' &&
    keys.get('Exec') === escapeValue(linuxAutostartExec(executable))
  );
}

export function createLoginItem(opts: {
  app: LoginItemApp;
  platform: NodeJS.Platform;
  execPath: string;
  env: { APPIMAGE?: string; XDG_CONFIG_HOME?: string };
  homeDir: string;
  name?: string;
  comment?: string;
  /** Icon name in the theme, or an absolute path. */
  icon?: string;
}): LoginItem {
  const { app, platform } = opts;

  if (platform === 'linux') {
    const file = linuxAutostartPath(opts.env, opts.homeDir);
    const executable = autostartExecutable(opts.env, opts.execPath);
    return {
      isEnabled() {
        try {
          return isOurAutostartEntry(readFileSync(file, 'utf8'), executable);
        } catch {
          return false;
        }
      },
      setEnabled(enabled) {
        if (!enabled) {
          rmSync(file, { force: true });
          return;
        }
        mkdirSync(dirname(file), { recursive: true });
        const entry = linuxAutostartDesktopEntry({
          executable,
          name: opts.name ?? 'Daka',
          comment: opts.comment ?? 'Clock in and out of DingTalk from the tray',
          icon: opts.icon ?? 'daka',
        });
        // Write then rename, so a session starting meanwhile never reads half a file.
        const temp = `${file}.${process.pid}.tmp`;
        writeFileSync(temp, entry, { mode: 0o644 });
        renameSync(temp, file);
      },
    };
  }

  // Windows compares path and args when reading back, so both are given each time.
  const registration = platform === 'win32' ? { path: opts.execPath, args: [AUTOSTART_ARG] } : {};
  return {
    isEnabled: () => {
      const settings = app.getLoginItemSettings(registration);
      // On Windows the toggle must also reflect a start-up entry disabled in Task Manager.
      return platform === 'win32'
        ? settings.openAtLogin && settings.executableWillLaunchAtLogin !== false
        : settings.openAtLogin;
    },
    setEnabled(enabled) {
      app.setLoginItemSettings({ openAtLogin: enabled, ...registration });
    },
  };
}
