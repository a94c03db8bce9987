/**
 * Renders build/artwork/icons.ts into every file the app and the installers
 * need. Run before `electron-vite build` (see package.json):
 *
 *   node --import tsx scripts/icons.ts [outDir]     (default: out/)
 *
 * <outDir>/tray/   shipped inside app.asar, named by main/shell/artwork.ts:
 *                  macOS template PNGs 16 px + @2x, Linux PNGs 22 px + @2x
 *                  for light and dark panels, Windows multi-size ICOs, app.png.
 * <outDir>/icons/  for electron-builder only (not packed into app.asar):
 *                  icon.icns, icon.ico, icon.png (1024) and linux/NxN.png.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { appIconSvg, traySvg } from '../build/artwork/icons';
import { APP_ICON_FILE, TRAY_STATES, trayIconName, type TrayVariant } from '../main/shell/artwork';
import { ICNS_SIZES, encodeIcns, encodeIco, type IconImage } from './icon-formats';

export const MAC_TRAY_SIZE = 16;
export const LINUX_TRAY_SIZE = 22;
export const WINDOWS_TRAY_SIZES = [16, 20, 24, 32, 40, 48] as const;
export const APP_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
const WINDOWS_APP_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
const LINUX_APP_ICON_SIZES = [16, 32, 48, 64, 128, 256, 512] as const;

function render(svg: string): IconImage {
  // No text in the artwork: skipping system fonts keeps the output the same on every machine.
  const image = new Resvg(svg, { font: { loadSystemFonts: false } }).render();
  return { size: image.width, png: image.asPng(), rgba: image.pixels };
}

/** Every file under <outDir>/tray, keyed by its name. */
export function trayFiles(): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const state of TRAY_STATES) {
    const mac = trayIconName(state, 'darwin', { dark: false });
    files.set(mac, render(traySvg(state, 'template', MAC_TRAY_SIZE)).png);
    files.set(
      mac.replace('.png', '@2x.png'),
      render(traySvg(state, 'template', MAC_TRAY_SIZE * 2)).png,
    );
    for (const dark of [false, true]) {
      const variant: TrayVariant = dark ? 'dark' : 'light';
      const linux = trayIconName(state, 'linux', { dark });
      files.set(linux, render(traySvg(state, variant, LINUX_TRAY_SIZE)).png);
      files.set(
        linux.replace('.png', '@2x.png'),
        render(traySvg(state, variant, LINUX_TRAY_SIZE * 2)).png,
      );
      const ico = encodeIco(
        WINDOWS_TRAY_SIZES.map((size) => render(traySvg(state, variant, size))),
      );
      files.set(trayIconName(state, 'win32', { dark }), ico);
    }
  }
  files.set(APP_ICON_FILE, render(appIconSvg(256)).png);
  return files;
}

/** Every file under <outDir>/icons (relative paths). */
export function appIconFiles(): Map<string, Buffer> {
  const sizes = new Set<number>([...APP_ICON_SIZES, ...ICNS_SIZES]);
  const images = new Map([...sizes].map((size) => [size, render(appIconSvg(size))]));
  const pick = (list: readonly number[]) => list.map((size) => images.get(size) as IconImage);
  const files = new Map<string, Buffer>();
  files.set('icon.png', (images.get(1024) as IconImage).png);
  files.set('icon.ico', encodeIco(pick(WINDOWS_APP_ICON_SIZES)));
  files.set('icon.icns', encodeIcns(pick(ICNS_SIZES)));
  for (const size of LINUX_APP_ICON_SIZES) {
    files.set(`linux/${size}x${size}.png`, (images.get(size) as IconImage).png);
  }
  return files;
}

async function writeAll(dir: string, files: Map<string, Buffer>): Promise<void> {
  // Start clean so a renamed state leaves no stale file to be packed.
  await rm(dir, { recursive: true, force: true });
  for (const [name, bytes] of files) {
    const path = join(dir, name);
    await mkdir(resolve(path, '..'), { recursive: true });
    await writeFile(path, bytes);
  }
}

export async function generateIcons(outDir: string): Promise<void> {
  await writeAll(join(outDir, 'tray'), trayFiles());
  await writeAll(join(outDir, 'icons'), appIconFiles());
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outDir = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'out'));
  await generateIcons(outDir);
  console.log(`icons written to ${join(outDir, 'tray')} and ${join(outDir, 'icons')}`);
}
