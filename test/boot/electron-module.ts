/**
 * The `electron` the boot child sees (fake-electron-loader.mjs maps the bare
 * specifier here, for `import` and `require` alike): one fake instance, with
 * its folders laid out as Electron lays them out on Linux under the HOME and
 * XDG folders the test gave the process, and the repo as the app path, as in
 * development, so out/tray resolves.
 */
import { readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createFakeElectron } from '../fakes/electron';

const repo = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
  productName: string;
  version: string;
};

const fake = createFakeElectron();
const home = homedir();
const appData = process.env.XDG_CONFIG_HOME ?? join(home, '.config');
const userData = join(appData, pkg.productName);
Object.assign(fake.app.paths, {
  home,
  appData,
  userData,
  sessionData: userData,
  logs: join(userData, 'logs'),
  cache: process.env.XDG_CACHE_HOME ?? join(home, '.cache'),
  temp: tmpdir(),
  exe: process.execPath,
});
fake.app.name = pkg.productName;
fake.app.version = pkg.version;
fake.app.appPath = repo;
// Electron adds this to `process`; in development it is Electron's own resources folder.
// Bundled electron-updater reads its package-type file from it.
Object.defineProperty(process, 'resourcesPath', {
  value: join(repo, 'node_modules/electron/dist/resources'),
  configurable: true,
});
if (process.env.DAKA_BOOT_LANGUAGES) {
  fake.app.preferredSystemLanguages = process.env.DAKA_BOOT_LANGUAGES.split(',');
}

// The main process's electron has no renderer APIs (ipcRenderer, contextBridge): bundled
// electron-log takes an `ipcRenderer` export as the sign that it runs in a preload.
export const {
  app,
  BrowserWindow,
  Menu,
  Tray,
  Notification,
  nativeImage,
  ipcMain,
  powerMonitor,
  safeStorage,
  screen,
  globalShortcut,
  shell,
  dialog,
  nativeTheme,
  protocol,
  net,
} = fake;
const mainProcess = {
  app,
  BrowserWindow,
  Menu,
  Tray,
  Notification,
  nativeImage,
  ipcMain,
  powerMonitor,
  safeStorage,
  screen,
  globalShortcut,
  shell,
  dialog,
  nativeTheme,
  protocol,
  net,
};
export default mainProcess;
