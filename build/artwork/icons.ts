/**
 * The one source of truth for Daka's artwork: every tray state and the app
 * icon, as SVG. scripts/icons.ts rasterises these into the platform formats.
 *
 * Tray glyph: a clock at nine o'clock (work starts) drawn on a 32-unit grid,
 * with a state badge in the lower right corner. The clock is cut away around
 * the badge so the two stay apart at 16 px. Badge symbols are cut out of their
 * disc (transparent), so one geometry serves the black-only macOS template
 * images and the coloured Windows/Linux icons alike.
 */
import type { TrayState } from '../../shared/model';
import type { TrayVariant } from '../../main/shell/artwork';

interface Palette {
  glyph: string;
  onDuty: string;
  done: string;
  problem: string;
  offline: string;
  rest: string;
  demo: string;
}

const PALETTES: Record<TrayVariant, Palette> = {
  // macOS tints template images itself: only the alpha channel matters.
  template: {
    glyph: '#000',
    onDuty: '#000',
    done: '#000',
    problem: '#000',
    offline: '#000',
    rest: '#000',
    demo: '#000',
  },
  light: {
    glyph: '#1f2328',
    onDuty: '#1677ff',
    done: '#16a34a',
    problem: '#dc2626',
    offline: '#1f2328',
    rest: '#7c3aed',
    demo: '#d97706',
  },
  dark: {
    glyph: '#f3f4f6',
    onDuty: '#4096ff',
    done: '#22c55e',
    problem: '#f87171',
    offline: '#f3f4f6',
    rest: '#a78bfa',
    demo: '#fbbf24',
  },
};

/**
 * Two drawings of the same glyph. Below 28 px every stroke is fitted to the
 * pixel grid of a 16 px icon (2 units = 1 px: 2-unit strokes sit on odd
 * coordinates, 4-unit ones on even ones, the badge disc spans whole pixels) and
 * the badge symbols are bolder; from 28 px up the finer drawing reads better.
 */
interface Geometry {
  /** Stroke widths of the clock's rim and hands. */
  ring: number;
  hands: number;
  /** Radius of the badge disc, and the clear space kept around it. */
  badge: number;
  gap: number;
  /** Stroke of the notPunched ring badge; radius of the onDuty dot. */
  ringBadge: number;
  dot: number;
  /** Symbols cut out of the badge (in black, as mask content). */
  check: string;
  bang: string;
  letterD: string;
}

const SMALL: Geometry = {
  ring: 3,
  hands: 2,
  badge: 8,
  gap: 1.5,
  ringBadge: 2,
  dot: 6,
  check: `<path d="M19.5 24.5l3 3 5.5-6" fill="none" stroke="#000" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>`,
  bang: `<rect x="22" y="18" width="4" height="6" fill="#000"/><rect x="22" y="26" width="4" height="2" fill="#000"/>`,
  letterD: `<path fill-rule="evenodd" fill="#000" d="M20 18h3a5 5 0 0 1 0 10h-3zM22 20v6h1a3 3 0 0 0 0-6z"/>`,
};

const LARGE: Geometry = {
  ring: 3,
  hands: 3,
  badge: 7.5,
  gap: 2,
  ringBadge: 2.4,
  dot: 5,
  check: `<path d="M20.2 24.3l2.6 2.6 5-5.2" fill="none" stroke="#000" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/>`,
  bang:
    `<path d="M24 19.6v5.2" stroke="#000" stroke-width="2.6" stroke-linecap="round"/>` +
    `<circle cx="24" cy="28.2" r="1.4" fill="#000"/>`,
  letterD: `<path fill-rule="evenodd" fill="#000" d="M20.8 19.8h3a4.2 4.2 0 0 1 0 8.4h-3zM23 21.9v4.2h.8a2.1 2.1 0 0 0 0-4.2z"/>`,
};

/** The badge sits in the lower right corner, the clock in the upper left. */
const BADGE_AT = 24;

function clock(color: string, g: Geometry): string {
  return [
    `<circle cx="13" cy="13" r="10.5" fill="none" stroke="${color}" stroke-width="${g.ring}"/>`,
    `<path d="M13 6V13H7" fill="none" stroke="${color}" stroke-width="${g.hands}" stroke-linecap="square"/>`,
  ].join('');
}

/** A disc, or a rounded square, of the badge's size. */
function badgeOutline(radius: number, fill: string, square: boolean): string {
  if (!square) return `<circle cx="${BADGE_AT}" cy="${BADGE_AT}" r="${radius}" fill="${fill}"/>`;
  const side = 2 * radius;
  const at = BADGE_AT - radius;
  return `<rect x="${at}" y="${at}" width="${side}" height="${side}" rx="${radius / 2.5}" fill="${fill}"/>`;
}

/** A badge of `color` with `cutout` (drawn in black) punched through it. */
function badgeWithCutout(color: string, radius: number, cutout: string, square: boolean): string {
  return [
    '<mask id="cut" maskUnits="userSpaceOnUse" x="0" y="0" width="32" height="32">',
    badgeOutline(radius, '#fff', square),
    cutout,
    '</mask>',
    `<rect width="32" height="32" fill="${color}" mask="url(#cut)"/>`,
  ].join('');
}

interface Shape {
  badge: string;
  /** Where the clock is cut away (black). */
  clearance: string;
  clockOpacity: number;
}

function shapeFor(state: TrayState, p: Palette, g: Geometry): Shape {
  const around = (radius: number) =>
    `<circle cx="${BADGE_AT}" cy="${BADGE_AT}" r="${radius + g.gap}" fill="#000"/>`;
  const disc = (color: string, cutout: string, square = false): Shape => ({
    badge: badgeWithCutout(color, g.badge, cutout, square),
    clearance: badgeOutline(g.badge + g.gap, '#000', square),
    clockOpacity: 1,
  });
  switch (state) {
    case 'notPunched':
      // An empty ring: the day's first punch is still to come.
      return {
        badge: `<circle cx="${BADGE_AT}" cy="${BADGE_AT}" r="${g.badge - g.ringBadge / 2}" fill="none" stroke="${p.glyph}" stroke-width="${g.ringBadge}"/>`,
        clearance: around(g.badge),
        clockOpacity: 1,
      };
    case 'onDuty':
      return {
        badge: `<circle cx="${BADGE_AT}" cy="${BADGE_AT}" r="${g.dot}" fill="${p.onDuty}"/>`,
        clearance: around(g.dot),
        clockOpacity: 1,
      };
    case 'done':
      return disc(p.done, g.check);
    case 'problem':
      return disc(p.problem, g.bang);
    case 'demo':
      // Square, unlike every real state's round badge: demo data is not a real day.
      return disc(p.demo, g.letterD, true);
    case 'rest':
      // A crescent moon: the disc minus a shifted disc.
      return disc(
        p.rest,
        `<circle cx="${BADGE_AT + 3.6}" cy="${BADGE_AT - 3}" r="${g.badge - 2}" fill="#000"/>`,
      );
    case 'offline':
      // A slash across a faded clock: the network is gone, the clock still shows.
      return {
        badge: `<path d="M5 5L28 28" stroke="${p.offline}" stroke-width="3" stroke-linecap="round"/>`,
        clearance: `<path d="M5 5L28 28" stroke="#000" stroke-width="${3 + 2 * g.gap}" stroke-linecap="round"/>`,
        clockOpacity: 0.55,
      };
  }
}

function svg(size: number, body: string, grid = 32): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${grid} ${grid}">${body}</svg>`;
}

/** The tray icon of `state` for `variant`, `size` px square. */
export function traySvg(state: TrayState, variant: TrayVariant, size: number): string {
  const palette = PALETTES[variant];
  const geometry = size < 28 ? SMALL : LARGE;
  const shape = shapeFor(state, palette, geometry);
  const clear = [
    '<mask id="clear" maskUnits="userSpaceOnUse" x="0" y="0" width="32" height="32">',
    '<rect width="32" height="32" fill="#fff"/>',
    shape.clearance,
    '</mask>',
  ].join('');
  return svg(
    size,
    `<defs>${clear}</defs>` +
      `<g mask="url(#clear)" opacity="${shape.clockOpacity}">${clock(palette.glyph, geometry)}</g>` +
      shape.badge,
  );
}

/**
 * The app icon on a 1024 grid: a blue rounded square (inset like macOS icons)
 * holding a white clock at nine with a green check badge.
 */
export function appIconSvg(size: number): string {
  return svg(
    size,
    [
      '<defs>',
      '<linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">',
      '<stop offset="0" stop-color="#3b8bff"/><stop offset="1" stop-color="#0a56d6"/>',
      '</linearGradient>',
      '<mask id="badge" maskUnits="userSpaceOnUse" x="0" y="0" width="1024" height="1024">',
      '<rect width="1024" height="1024" fill="#fff"/>',
      '<circle cx="700" cy="700" r="190" fill="#000"/>',
      '</mask>',
      '</defs>',
      '<rect x="100" y="100" width="824" height="824" rx="185" fill="url(#bg)"/>',
      '<g mask="url(#badge)">',
      '<circle cx="460" cy="460" r="250" fill="#fff"/>',
      '<path d="M460 310V460H330" fill="none" stroke="#0a56d6" stroke-width="56" stroke-linecap="round" stroke-linejoin="round"/>',
      '</g>',
      '<circle cx="700" cy="700" r="150" fill="#22c55e"/>',
      '<path d="M630 705l50 50 95-100" fill="none" stroke="#fff" stroke-width="48" stroke-linecap="round" stroke-linejoin="round"/>',
    ].join(''),
    1024,
  );
}
