/**
 * Where the popup goes: next to the tray icon, on the side facing the work
 * area, and always fully inside the work area of the display that holds the
 * icon. Pure, so every taskbar layout is a table row in the tests.
 */

export interface Point {
  x: number;
  y: number;
}

export interface Rect extends Point {
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

export type Edge = 'top' | 'bottom' | 'left' | 'right';

export interface PopupPlacementInput {
  platform: NodeJS.Platform;
  /** The tray icon's bounds; null or all-zero where the platform does not tell (Linux). */
  trayBounds: Rect | null;
  windowSize: Size;
  /** The display holding the icon (or the cursor when there is no icon position). */
  display: { bounds: Rect; workArea: Rect };
  cursor?: Point;
}

/** Breathing room when the popup goes to a corner rather than against the icon. */
export const CORNER_MARGIN = 8;

function hasArea(rect: Rect | null): rect is Rect {
  return rect !== null && rect.width > 0 && rect.height > 0;
}

function right(r: Rect): number {
  return r.x + r.width;
}

function bottom(r: Rect): number {
  return r.y + r.height;
}

/** The edge the OS reserved for a panel or taskbar, read from what the work area leaves out. */
export function reservedEdge(display: { bounds: Rect; workArea: Rect }): Edge | null {
  const { bounds, workArea } = display;
  const gaps: [Edge, number][] = [
    ['top', workArea.y - bounds.y],
    ['bottom', bottom(bounds) - bottom(workArea)],
    ['left', workArea.x - bounds.x],
    ['right', right(bounds) - right(workArea)],
  ];
  // With a panel on two edges (GNOME top bar + dock) the tray sits in the top bar,
  // which the fixed order above prefers.
  const found = gaps.find(([, gap]) => gap > 0);
  return found ? found[0] : null;
}

/** The side of the work area the icon lies beyond; for an auto-hidden taskbar, the nearest screen edge. */
function edgeOfIcon(icon: Rect, display: { bounds: Rect; workArea: Rect }): Edge {
  const cx = icon.x + icon.width / 2;
  const cy = icon.y + icon.height / 2;
  const { workArea, bounds } = display;
  if (cy <= workArea.y) return 'top';
  if (cy >= bottom(workArea)) return 'bottom';
  if (cx <= workArea.x) return 'left';
  if (cx >= right(workArea)) return 'right';
  const distances: [Edge, number][] = [
    ['top', cy - bounds.y],
    ['bottom', bottom(bounds) - cy],
    ['left', cx - bounds.x],
    ['right', right(bounds) - cx],
  ];
  distances.sort((a, b) => a[1] - b[1]);
  return distances[0]?.[0] ?? 'bottom';
}

function clamp(value: number, min: number, max: number): number {
  // A window larger than the work area sticks to its top-left corner.
  return Math.max(min, Math.min(value, max));
}

function clampInto(point: Point, size: Size, area: Rect): Point {
  return {
    x: Math.round(clamp(point.x, area.x, right(area) - size.width)),
    y: Math.round(clamp(point.y, area.y, bottom(area) - size.height)),
  };
}

function besideIcon(icon: Rect, edge: Edge, size: Size): Point {
  const cx = icon.x + icon.width / 2;
  const cy = icon.y + icon.height / 2;
  switch (edge) {
    case 'top':
      return { x: cx - size.width / 2, y: bottom(icon) };
    case 'bottom':
      return { x: cx - size.width / 2, y: icon.y - size.height };
    case 'left':
      return { x: right(icon), y: cy - size.height / 2 };
    case 'right':
      return { x: icon.x - size.width, y: cy - size.height / 2 };
  }
}

/** Without an icon position: under/over the cursor in the panel, else a corner. */
function withoutIcon(input: PopupPlacementInput): Point {
  const { windowSize: size, display, cursor } = input;
  const { workArea, bounds } = display;
  const edge = reservedEdge(display);
  const cursorOnDisplay =
    cursor !== undefined &&
    cursor.x >= bounds.x &&
    cursor.x < right(bounds) &&
    cursor.y >= bounds.y &&
    cursor.y < bottom(bounds);

  if (cursorOnDisplay) {
    switch (edge) {
      case 'top':
        return { x: cursor.x - size.width / 2, y: workArea.y };
      case 'bottom':
        return { x: cursor.x - size.width / 2, y: bottom(workArea) - size.height };
      case 'left':
        return { x: workArea.x, y: cursor.y - size.height / 2 };
      case 'right':
        return { x: right(workArea) - size.width, y: cursor.y - size.height / 2 };
      case null:
        return { x: cursor.x - size.width / 2, y: cursor.y };
    }
  }

  const x = right(workArea) - size.width - CORNER_MARGIN;
  return edge === 'bottom'
    ? { x, y: bottom(workArea) - size.height - CORNER_MARGIN }
    : { x, y: workArea.y + CORNER_MARGIN };
}

export function computePopupPosition(input: PopupPlacementInput): Point {
  const { trayBounds, windowSize, display, platform } = input;
  let point: Point;
  if (hasArea(trayBounds)) {
    // The macOS status item always lives in the menu bar, even when it auto-hides.
    const edge = platform === 'darwin' ? 'top' : edgeOfIcon(trayBounds, display);
    point = besideIcon(trayBounds, edge, windowSize);
  } else {
    point = withoutIcon(input);
  }
  return clampInto(point, windowSize, display.workArea);
}
