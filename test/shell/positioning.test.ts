import { describe, expect, it } from 'vitest';
import {
  CORNER_MARGIN,
  computePopupPosition,
  reservedEdge,
  type PopupPlacementInput,
  type Rect,
} from '../../main/shell/positioning';

const SIZE = { width: 360, height: 480 };
const FULL_HD: Rect = { x: 0, y: 0, width: 1920, height: 1080 };
const rect = (x: number, y: number, width: number, height: number): Rect => ({
  x,
  y,
  width,
  height,
});

interface Row {
  name: string;
  input: Omit<PopupPlacementInput, 'windowSize'>;
  expected: { x: number; y: number };
}

const rows: Row[] = [
  {
    name: 'Windows, taskbar at the bottom: above the icon, centred on it',
    input: {
      platform: 'win32',
      trayBounds: rect(1700, 1048, 24, 24),
      display: { bounds: FULL_HD, workArea: rect(0, 0, 1920, 1040) },
    },
    // The icon sits inside the taskbar, so the popup rests on the work area's bottom edge.
    expected: { x: 1712 - 180, y: 1040 - 480 },
  },
  {
    name: 'Windows, taskbar at the top: below the taskbar',
    input: {
      platform: 'win32',
      trayBounds: rect(1700, 8, 24, 24),
      display: { bounds: FULL_HD, workArea: rect(0, 40, 1920, 1040) },
    },
    expected: { x: 1532, y: 40 },
  },
  {
    name: 'Windows, taskbar on the left: right of the taskbar, centred on the icon',
    input: {
      platform: 'win32',
      trayBounds: rect(18, 500, 24, 24),
      display: { bounds: FULL_HD, workArea: rect(60, 0, 1860, 1080) },
    },
    expected: { x: 60, y: 512 - 240 },
  },
  {
    name: 'Windows, taskbar on the right: left of the icon',
    input: {
      platform: 'win32',
      trayBounds: rect(1878, 500, 24, 24),
      display: { bounds: FULL_HD, workArea: rect(0, 0, 1860, 1080) },
    },
    expected: { x: 1860 - 360, y: 272 },
  },
  {
    name: 'Windows, icon in the corner: clamped inside the work area',
    input: {
      platform: 'win32',
      trayBounds: rect(1890, 1048, 24, 24),
      display: { bounds: FULL_HD, workArea: rect(0, 0, 1920, 1040) },
    },
    expected: { x: 1920 - 360, y: 560 },
  },
  {
    name: 'Windows, auto-hidden taskbar: the nearest screen edge decides',
    input: {
      platform: 'win32',
      trayBounds: rect(1700, 1056, 24, 24),
      display: { bounds: FULL_HD, workArea: FULL_HD },
    },
    expected: { x: 1532, y: 1056 - 480 },
  },
  {
    name: 'macOS: below the menu-bar icon, centred',
    input: {
      platform: 'darwin',
      trayBounds: rect(1200, 0, 22, 24),
      display: { bounds: rect(0, 0, 1440, 900), workArea: rect(0, 25, 1440, 800) },
    },
    expected: { x: 1211 - 180, y: 25 },
  },
  {
    name: 'macOS: an icon near the right edge is clamped',
    input: {
      platform: 'darwin',
      trayBounds: rect(1420, 0, 22, 24),
      display: { bounds: rect(0, 0, 1440, 900), workArea: rect(0, 25, 1440, 875) },
    },
    expected: { x: 1440 - 360, y: 25 },
  },
  {
    name: 'macOS: auto-hidden menu bar still opens downwards',
    input: {
      platform: 'darwin',
      trayBounds: rect(1200, 0, 22, 24),
      display: { bounds: rect(0, 0, 1440, 900), workArea: rect(0, 0, 1440, 900) },
    },
    expected: { x: 1031, y: 24 },
  },
  {
    name: 'Linux without tray bounds, top panel: under the cursor',
    input: {
      platform: 'linux',
      trayBounds: null,
      display: { bounds: FULL_HD, workArea: rect(0, 32, 1920, 1048) },
      cursor: { x: 1500, y: 10 },
    },
    expected: { x: 1500 - 180, y: 32 },
  },
  {
    name: 'Linux with all-zero tray bounds, bottom panel: above the cursor',
    input: {
      platform: 'linux',
      trayBounds: rect(0, 0, 0, 0),
      display: { bounds: FULL_HD, workArea: rect(0, 0, 1920, 1036) },
      cursor: { x: 1800, y: 1060 },
    },
    expected: { x: 1920 - 360, y: 1036 - 480 },
  },
  {
    name: 'Linux, GNOME top bar and a left dock: the top bar wins',
    input: {
      platform: 'linux',
      trayBounds: null,
      display: { bounds: FULL_HD, workArea: rect(70, 32, 1850, 1048) },
      cursor: { x: 1000, y: 5 },
    },
    expected: { x: 820, y: 32 },
  },
  {
    name: 'Linux, panel on the left: beside the cursor',
    input: {
      platform: 'linux',
      trayBounds: null,
      display: { bounds: FULL_HD, workArea: rect(48, 0, 1872, 1080) },
      cursor: { x: 20, y: 500 },
    },
    expected: { x: 48, y: 500 - 240 },
  },
  {
    name: 'Linux, no panel reserved: just below the cursor',
    input: {
      platform: 'linux',
      trayBounds: null,
      display: { bounds: FULL_HD, workArea: FULL_HD },
      cursor: { x: 400, y: 300 },
    },
    expected: { x: 220, y: 300 },
  },
  {
    name: 'Linux, no bounds and no cursor, top panel: top-right corner',
    input: {
      platform: 'linux',
      trayBounds: null,
      display: { bounds: FULL_HD, workArea: rect(0, 32, 1920, 1048) },
    },
    expected: { x: 1920 - 360 - CORNER_MARGIN, y: 32 + CORNER_MARGIN },
  },
  {
    name: 'Linux, no bounds and no cursor, bottom panel: bottom-right corner',
    input: {
      platform: 'linux',
      trayBounds: null,
      display: { bounds: FULL_HD, workArea: rect(0, 0, 1920, 1036) },
    },
    expected: { x: 1552, y: 1036 - 480 - CORNER_MARGIN },
  },
  {
    name: 'Linux, cursor on another display: the corner of this display',
    input: {
      platform: 'linux',
      trayBounds: null,
      display: { bounds: FULL_HD, workArea: rect(0, 0, 1920, 1036) },
      cursor: { x: 2500, y: 500 },
    },
    expected: { x: 1552, y: 548 },
  },
  {
    name: 'second display left of the primary (negative x)',
    input: {
      platform: 'win32',
      trayBounds: rect(-220, 1048, 24, 24),
      display: { bounds: rect(-1920, 0, 1920, 1080), workArea: rect(-1920, 0, 1920, 1040) },
    },
    expected: { x: -208 - 180, y: 1040 - 480 },
  },
  {
    name: 'second display above the primary (negative y)',
    input: {
      platform: 'win32',
      trayBounds: rect(1700, -32, 24, 24),
      display: { bounds: rect(0, -1080, 1920, 1080), workArea: rect(0, -1080, 1920, 1040) },
    },
    expected: { x: 1532, y: -40 - 480 },
  },
  {
    name: 'a work area smaller than the window: pinned to its top-left',
    input: {
      platform: 'win32',
      trayBounds: rect(760, 412, 24, 24),
      display: { bounds: rect(0, 0, 800, 450), workArea: rect(0, 0, 800, 410) },
    },
    expected: { x: 800 - 360, y: 0 },
  },
  {
    name: 'fractional (HiDPI) bounds come out as whole pixels',
    input: {
      platform: 'win32',
      trayBounds: rect(1700.5, 1048.25, 24, 24),
      display: { bounds: FULL_HD, workArea: rect(0, 0, 1920, 1040) },
    },
    expected: { x: 1533, y: 560 },
  },
];

describe('computePopupPosition', () => {
  it.each(rows)('$name', ({ input, expected }) => {
    expect(computePopupPosition({ ...input, windowSize: SIZE })).toEqual(expected);
  });

  it('always lands fully inside the work area when it fits', () => {
    // A deterministic spread of displays, icons and cursors, including off-display ones.
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const platforms: NodeJS.Platform[] = ['darwin', 'win32', 'linux'];
    for (let i = 0; i < 500; i++) {
      const bounds = rect(rand(4000) - 2000, rand(3000) - 1500, 800 + rand(3000), 600 + rand(1600));
      const inset = { top: rand(60), bottom: rand(60), left: rand(60), right: rand(60) };
      const workArea = rect(
        bounds.x + inset.left,
        bounds.y + inset.top,
        bounds.width - inset.left - inset.right,
        bounds.height - inset.top - inset.bottom,
      );
      const icon =
        rand(4) === 0
          ? null
          : rect(bounds.x + rand(bounds.width), bounds.y + rand(bounds.height), 22, 22);
      const cursor =
        rand(3) === 0
          ? undefined
          : { x: bounds.x + rand(bounds.width * 2), y: bounds.y + rand(bounds.height) };
      const platform = platforms[rand(3)] ?? 'linux';
      const p = computePopupPosition({
        platform,
        trayBounds: icon,
        windowSize: SIZE,
        display: { bounds, workArea },
        cursor,
      });
      expect(Number.isInteger(p.x) && Number.isInteger(p.y)).toBe(true);
      expect(p.x).toBeGreaterThanOrEqual(workArea.x);
      expect(p.y).toBeGreaterThanOrEqual(workArea.y);
      expect(p.x + SIZE.width).toBeLessThanOrEqual(workArea.x + workArea.width);
      expect(p.y + SIZE.height).toBeLessThanOrEqual(workArea.y + workArea.height);
    }
  });
});

describe('reservedEdge', () => {
  it.each([
    ['bottom', rect(0, 0, 1920, 1040)],
    ['top', rect(0, 40, 1920, 1040)],
    ['left', rect(60, 0, 1860, 1080)],
    ['right', rect(0, 0, 1860, 1080)],
    [null, FULL_HD],
  ] as const)('%s taskbar', (edge, workArea) => {
    expect(reservedEdge({ bounds: FULL_HD, workArea })).toBe(edge);
  });
});
