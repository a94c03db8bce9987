import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrayState } from '../../shared/model';
import {
  APP_ICON_FILE,
  TRAY_DIR,
  TRAY_STATES,
  appIconPath,
  trayIconName,
  trayIconPath,
} from '../../main/shell/artwork';
import {
  LINUX_TRAY_SIZE,
  MAC_TRAY_SIZE,
  WINDOWS_TRAY_SIZES,
  appIconFiles,
  generateIcons,
  trayFiles,
} from '../../scripts/icons';
import { encodeIco } from '../../scripts/icon-formats';

const PLATFORMS = ['darwin', 'win32', 'linux'] as const;
/** The badge disc (radius 8 on the 32-unit grid of build/artwork/icons.ts) as a share of the icon. */
const BADGE_SHARE = (Math.PI * 8 ** 2) / 32 ** 2;

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Decodes a PNG back to premultiplied RGBA by drawing it 1:1 with resvg. */
function decode(png: Buffer): Buffer {
  const { width, height } = pngSize(png);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image width="${width}" height="${height}" image-rendering="optimizeSpeed" href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  return new Resvg(svg, { font: { loadSystemFonts: false } }).render().pixels;
}

/** Pixels whose alpha or colour differ noticeably (more than a quarter of the range). */
function differingPixels(a: Buffer, b: Buffer): number {
  let count = 0;
  for (let i = 0; i < a.length; i += 4) {
    for (let c = 0; c < 4; c += 1) {
      if (Math.abs((a[i + c] ?? 0) - (b[i + c] ?? 0)) > 64) {
        count += 1;
        break;
      }
    }
  }
  return count;
}

interface IcoEntry {
  width: number;
  bytes: Buffer;
}

function readIco(ico: Buffer): IcoEntry[] {
  expect(ico.readUInt16LE(0)).toBe(0);
  expect(ico.readUInt16LE(2)).toBe(1);
  const count = ico.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => {
    const at = 6 + 16 * i;
    const length = ico.readUInt32LE(at + 8);
    const offset = ico.readUInt32LE(at + 12);
    expect(offset + length).toBeLessThanOrEqual(ico.length);
    return { width: ico.readUInt8(at) || 256, bytes: ico.subarray(offset, offset + length) };
  });
}

describe('tray icon names', () => {
  it('uses template images on macOS, light or dark', () => {
    for (const dark of [false, true]) {
      expect(trayIconName('onDuty', 'darwin', { dark })).toBe('tray-onDutyTemplate.png');
    }
  });

  it('uses one ICO per state and panel colour on Windows', () => {
    expect(trayIconName('problem', 'win32', { dark: true })).toBe('tray-problem-dark.ico');
    expect(trayIconName('problem', 'win32', { dark: false })).toBe('tray-problem-light.ico');
  });

  it('uses PNGs for light and dark panels on Linux and elsewhere', () => {
    expect(trayIconName('done', 'linux', { dark: true })).toBe('tray-done-dark.png');
    expect(trayIconName('rest', 'freebsd', { dark: false })).toBe('tray-rest-light.png');
  });

  it('resolves inside the app path (app.asar when packaged)', () => {
    const appPath = join('/opt', 'Daka', 'resources', 'app.asar');
    expect(trayIconPath('demo', 'linux', { dark: false, appPath })).toBe(
      join(appPath, TRAY_DIR, 'tray-demo-light.png'),
    );
    expect(appIconPath(appPath)).toBe(join(appPath, TRAY_DIR, APP_ICON_FILE));
  });
});

describe('generated tray artwork', () => {
  let files: Map<string, Buffer>;

  beforeAll(() => {
    files = trayFiles();
  });

  const expectedNames = () => {
    const names = new Set<string>([APP_ICON_FILE]);
    for (const state of TRAY_STATES) {
      for (const platform of PLATFORMS) {
        for (const dark of [false, true]) {
          const name = trayIconName(state, platform, { dark });
          names.add(name);
          if (name.endsWith('.png')) names.add(name.replace('.png', '@2x.png'));
        }
      }
    }
    return names;
  };

  it('has exactly the files the tray asks for, @2x included', () => {
    expect(new Set(files.keys())).toEqual(expectedNames());
  });

  it('draws macOS template images at 16 px and 32 px, in black and alpha only', () => {
    for (const state of TRAY_STATES) {
      const name = trayIconName(state, 'darwin', { dark: false });
      for (const [file, size] of [
        [name, MAC_TRAY_SIZE],
        [name.replace('.png', '@2x.png'), MAC_TRAY_SIZE * 2],
      ] as const) {
        const png = files.get(file) as Buffer;
        expect(pngSize(png)).toEqual({ width: size, height: size });
        const rgba = decode(png);
        let opaque = 0;
        for (let i = 0; i < rgba.length; i += 4) {
          expect([rgba[i], rgba[i + 1], rgba[i + 2]], `${file} pixel ${i / 4}`).toEqual([0, 0, 0]);
          if ((rgba[i + 3] ?? 0) > 128) opaque += 1;
        }
        expect(opaque, `${file} has a visible glyph`).toBeGreaterThan(size);
      }
    }
  });

  it('draws Linux icons at 22 px and 44 px, light glyphs for dark panels and dark for light', () => {
    const meanColour = (png: Buffer) => {
      const rgba = decode(png);
      let sum = 0;
      let weight = 0;
      for (let i = 0; i < rgba.length; i += 4) {
        // Premultiplied: the mean straight colour of the notPunched glyph, weighted by coverage.
        sum += (rgba[i] ?? 0) + (rgba[i + 1] ?? 0) + (rgba[i + 2] ?? 0);
        weight += 3 * (rgba[i + 3] ?? 0);
      }
      return sum / weight;
    };
    for (const state of TRAY_STATES) {
      for (const dark of [false, true]) {
        const name = trayIconName(state, 'linux', { dark });
        expect(pngSize(files.get(name) as Buffer).width).toBe(LINUX_TRAY_SIZE);
        expect(pngSize(files.get(name.replace('.png', '@2x.png')) as Buffer).width).toBe(
          LINUX_TRAY_SIZE * 2,
        );
      }
    }
    const onDark = meanColour(
      files.get(trayIconName('notPunched', 'linux', { dark: true })) as Buffer,
    );
    const onLight = meanColour(
      files.get(trayIconName('notPunched', 'linux', { dark: false })) as Buffer,
    );
    expect(onDark).toBeGreaterThan(0.8);
    expect(onLight).toBeLessThan(0.2);
  });

  it('packs 16 to 48 px into each Windows ICO', () => {
    for (const state of TRAY_STATES) {
      for (const dark of [false, true]) {
        const entries = readIco(files.get(trayIconName(state, 'win32', { dark })) as Buffer);
        expect(entries.map((e) => e.width)).toEqual([...WINDOWS_TRAY_SIZES]);
        for (const entry of entries) {
          // A 32-bit DIB whose height counts the AND mask.
          expect(entry.bytes.readUInt32LE(0)).toBe(40);
          expect(entry.bytes.readInt32LE(4)).toBe(entry.width);
          expect(entry.bytes.readInt32LE(8)).toBe(entry.width * 2);
          expect(entry.bytes.readUInt16LE(14)).toBe(32);
        }
      }
    }
  });

  it('keeps every state apart from every other at the smallest size of each platform', () => {
    const smallest: [string, (state: TrayState) => Buffer][] = [
      [
        'macOS 16 px',
        (s) => decode(files.get(trayIconName(s, 'darwin', { dark: false })) as Buffer),
      ],
      ['Linux 22 px', (s) => decode(files.get(trayIconName(s, 'linux', { dark: true })) as Buffer)],
      [
        'Windows 16 px',
        (s) => {
          const [entry] = readIco(files.get(trayIconName(s, 'win32', { dark: false })) as Buffer);
          return (entry as IcoEntry).bytes.subarray(40, 40 + 16 * 16 * 4);
        },
      ],
    ];
    for (const [label, pixelsOf] of smallest) {
      const images = TRAY_STATES.map((state) => ({ state, rgba: pixelsOf(state) }));
      for (const a of images) {
        for (const b of images) {
          if (a.state >= b.state) continue;
          const pixels = a.rgba.length / 4;
          // States differ in their badge: at least a third of it must differ, not a stray pixel.
          expect(
            differingPixels(a.rgba, b.rgba),
            `${label}: ${a.state} vs ${b.state}`,
          ).toBeGreaterThan((pixels * BADGE_SHARE) / 3);
        }
      }
    }
  });
});

describe('generated app icon', () => {
  it('comes as a 1024 px PNG, Linux sizes, an ICO up to 256 px and an ICNS up to 1024 px', () => {
    const files = appIconFiles();
    expect(pngSize(files.get('icon.png') as Buffer)).toEqual({ width: 1024, height: 1024 });
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      expect(pngSize(files.get(`linux/${size}x${size}.png`) as Buffer).width).toBe(size);
    }
    const ico = readIco(files.get('icon.ico') as Buffer);
    expect(ico.map((e) => e.width)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    expect(pngSize((ico.at(-1) as IcoEntry).bytes).width).toBe(256);

    const icns = files.get('icon.icns') as Buffer;
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const largest = new Map<string, number>();
    for (let at = 8; at < icns.length;) {
      const type = icns.subarray(at, at + 4).toString('ascii');
      const length = icns.readUInt32BE(at + 4);
      largest.set(type, pngSize(icns.subarray(at + 8, at + length)).width);
      at += length;
    }
    expect(largest.get('ic10')).toBe(1024);
    expect(largest.get('ic07')).toBe(128);
    expect(largest.get('icp4')).toBe(16);
  });
});

describe('generateIcons', () => {
  let out: string;

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'daka-icons-'));
  });

  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('writes tray/ and icons/ afresh, dropping files from an earlier run', async () => {
    await mkdir(join(out, 'tray'), { recursive: true });
    await writeFile(join(out, 'tray', 'tray-renamedState-dark.png'), 'stale');

    await generateIcons(out);

    expect(new Set(await readdir(join(out, 'tray')))).toEqual(new Set(trayFiles().keys()));
    expect(await readdir(join(out, 'icons', 'linux'))).toHaveLength(7);
    expect((await readdir(join(out, 'icons'))).sort()).toEqual([
      'icon.icns',
      'icon.ico',
      'icon.png',
      'linux',
    ]);
  });
});

describe('encodeIco', () => {
  it('stores small images as bottom-up BGRA with straight alpha and the AND mask', () => {
    // Premultiplied RGBA as resvg gives it: red, transparent / half-green, blue.
    const rgba = Buffer.from([255, 0, 0, 255, 0, 0, 0, 0, 0, 128, 0, 128, 0, 0, 255, 255]);
    const [entry] = readIco(encodeIco([{ size: 2, png: Buffer.alloc(0), rgba }]));
    const dib = (entry as IcoEntry).bytes;

    expect([...dib.subarray(40, 56)]).toEqual([
      ...[0, 255, 0, 128, 255, 0, 0, 255], // bottom row first: green (un-premultiplied), blue
      ...[0, 0, 255, 255, 0, 0, 0, 0], // then the top row: red, transparent
    ]);
    // One 4-byte mask row per pixel row; only the transparent pixel (top right) is masked.
    expect([...dib.subarray(56, 64)]).toEqual([0, 0, 0, 0, 0x40, 0, 0, 0]);
  });
});
