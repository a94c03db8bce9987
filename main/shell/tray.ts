/**
 * The tray icon: its image follows the day's state, its tooltip summarises the
 * day, and a context menu is always there, because some Linux trays never
 * deliver a click. What the menu holds is decided by pure functions of the
 * snapshot; the controller only turns that into Electron calls.
 */
import type { MenuItemConstructorOptions, NativeImage, Rectangle } from 'electron';
import type { Snapshot, View } from '../../shared/contract';
import type { CheckPoint, TrayState } from '../../shared/model';
import { describeErrorWith } from '../../shared/i18n/core';
import { punchOffer } from '../../shared/punch-rule';
import { durationText, workNow } from '../../shared/work-clock';
import type { Logger } from '../ports';
import { wallTime, type Translate } from './text';

export type TrayAction =
  | 'setup'
  | 'punch'
  | 'today'
  | 'history'
  | 'refresh'
  | 'snooze'
  | 'notToday'
  | 'resumeReminders'
  | 'startAtLogin'
  | 'settings'
  | 'demoPlay'
  | 'leaveDemo'
  | 'quit';

export type TrayMenuItem =
  | { kind: 'separator' }
  | { kind: 'action'; action: TrayAction; label: string; enabled: boolean }
  | { kind: 'checkbox'; action: TrayAction; label: string; checked: boolean };

/** Windows cuts tray tooltips at 127 characters; stay under it everywhere. */
export const TOOLTIP_MAX = 127;

const MINUTE = 60_000;

function nextCheckPoint(snapshot: Snapshot): CheckPoint | null {
  const today = snapshot.today;
  if (!today || today.next === null) return null;
  return today.checkPoints.find((cp) => cp.type === today.next && cp.state === 'pending') ?? null;
}

function checkPointSummary(cp: CheckPoint, t: Translate): string {
  switch (cp.state) {
    case 'done':
      return t(`tray.done.${cp.type}`, { time: wallTime(cp.punchedAt ?? cp.planned) });
    case 'pending':
      return t(`tray.pending.${cp.type}`, { time: wallTime(cp.planned) });
    case 'missed':
      return t(`tray.missed.${cp.type}`);
  }
}

function daySummary(snapshot: Snapshot, t: Translate): string[] {
  if (snapshot.mode === 'unconfigured') return [t('tray.unconfigured')];
  const today = snapshot.today;
  if (!today) return [t('tray.loading')];
  if (today.restDay) return [t('today.restDay')];
  if (today.onLeave) return [t('today.onLeave')];
  return today.checkPoints.map((cp) => checkPointSummary(cp, t));
}

const STATE_NOTES: Partial<Record<TrayState, string>> = {
  offline: 'footer.offline',
  problem: 'tray.problem',
};

/** The product name is not translated. */
const APP_NAME = 'Daka';

/** While clocked in: "距下班 1小时25分", then "可以下班了" once the planned clock-out is due. */
export function countdown(snapshot: Snapshot, t: Translate, now: number): string | null {
  const left = snapshot.work ? workNow(snapshot.work, now).left : null;
  if (left === null) return null;
  return left > 0 ? t('now.left', { d: durationText(left, t) }) : t('now.due');
}

/** e.g. "Daka · 已上班 08:58 · 下班 18:00 · 距下班 1小时25分". */
export function traySummary(snapshot: Snapshot, t: Translate, now: number = Date.now()): string {
  const parts = [APP_NAME];
  if (snapshot.mode === 'demo') parts.push(t('footer.demo'));
  parts.push(...daySummary(snapshot, t));
  // The countdown the macOS title can show, in the tooltip on every OS.
  const left = snapshot.mode === 'unconfigured' ? null : countdown(snapshot, t, now);
  if (left) parts.push(left);
  const note = STATE_NOTES[snapshot.trayState];
  if (note) parts.push(t(note));
  const text = parts.join(' · ');
  return text.length > TOOLTIP_MAX ? `${text.slice(0, TOOLTIP_MAX - 1)}…` : text;
}

/**
 * The macOS menu-bar title (settings.ui.menuBarTitle): the next check point ("下班 18:00"),
 * or the countdown while clocked in ("距下班 1小时25分", the next punch before that);
 * empty when off or nothing is due.
 */
export function trayTitle(snapshot: Snapshot, t: Translate, now: number = Date.now()): string {
  const mode = snapshot.settings.ui.menuBarTitle;
  if (snapshot.mode === 'unconfigured' || mode === 'off') return '';
  const left = mode === 'countdown' ? countdown(snapshot, t, now) : null;
  const cp = nextCheckPoint(snapshot);
  return left ?? (cp ? checkPointSummary(cp, t) : '');
}

/**
 * The punch item follows the popup's button (shared/punch-rule.ts): the same check
 * point, disabled with the time its window opens, 早退 / 迟到 / 更新 as the button says.
 * An early clock-out must be confirmed: the item punches through main/shell/punch-confirm.ts,
 * which asks in a message box in the popup's words first (the "…" says a question follows).
 */
function punchItem(snapshot: Snapshot, t: Translate, now: number): TrayMenuItem | null {
  const today = snapshot.today;
  if (!today) return null;
  const offer = punchOffer(today, now);
  if (!offer) return null;
  const name =
    offer.kind === 'normal' ? t(`punchAction.${offer.type}`) : t(`today.offer.${offer.kind}`);
  const action = offer.kind === 'early' ? `${name}…` : name;
  const label =
    offer.planned && offer.kind !== 'update'
      ? t('tray.punchAt', { action, time: wallTime(offer.planned) })
      : action;
  const reason = offer.opensAt
    ? t('today.opensAt', { time: wallTime(offer.opensAt) })
    : !snapshot.punch.available && snapshot.punch.reason
      ? describeErrorWith(t, snapshot.punch.reason).message
      : '';
  const enabled = snapshot.punch.available && offer.opensAt === null;
  return {
    kind: 'action',
    action: 'punch',
    label: reason ? t('tray.punchUnavailable', { action: label, reason }) : label,
    enabled,
  };
}

export function buildTrayMenuTemplate(
  snapshot: Snapshot,
  t: Translate,
  now: number = Date.now(),
): TrayMenuItem[] {
  const items: TrayMenuItem[] = [];
  const action = (name: TrayAction, label: string, enabled = true): TrayMenuItem => ({
    kind: 'action',
    action: name,
    label,
    enabled,
  });

  if (snapshot.mode === 'unconfigured') {
    items.push(action('setup', t('tray.setup')));
  } else {
    const punch = punchItem(snapshot, t, now);
    if (punch) items.push(punch);
    items.push(action('today', t('tray.today')));
    items.push(action('history', t('tray.history')));
    items.push(
      snapshot.refreshing
        ? action('refresh', t('today.refreshing'), false)
        : action('refresh', t('today.refresh')),
    );
    // Snoozing makes sense while a reminder is up; "not today" also while one is snoozed.
    if (!snapshot.notToday && snapshot.reminder !== null) {
      items.push(
        action(
          'snooze',
          t('reminder.snooze', { minutes: snapshot.settings.reminders.snoozeMinutes }),
        ),
      );
    }
    if (!snapshot.notToday && (snapshot.reminder !== null || snapshot.snoozedUntil !== null)) {
      items.push(action('notToday', t('reminder.notToday')));
    }
    // "Not today" was a click away: so is taking it back.
    if (snapshot.notToday) items.push(action('resumeReminders', t('tray.resumeReminders')));
    // Demo mode: the popup's demo panel, a click away from the menu too (same words).
    if (snapshot.mode === 'demo' && snapshot.demo) {
      const { next } = snapshot.demo;
      items.push({ kind: 'separator' });
      items.push(
        action(
          'demoPlay',
          t('demo.play', { time: wallTime(next.at), moment: t(`demo.moment.${next.moment}`) }),
        ),
      );
      items.push(action('leaveDemo', t('demo.leave')));
    }
  }
  items.push({ kind: 'separator' });
  items.push({
    kind: 'checkbox',
    action: 'startAtLogin',
    label: t('tray.startAtLogin'),
    checked: snapshot.startAtLogin,
  });
  items.push(action('settings', t('tray.settings')));
  items.push({ kind: 'separator' });
  items.push(action('quit', t('tray.quit')));
  return items;
}

export type TrayImage = NativeImage | string;

export interface TrayIcon {
  setImage(image: TrayImage): void;
  setToolTip(toolTip: string): void;
  setTitle(title: string): void;
  setContextMenu(menu: object | null): void;
  popUpContextMenu(menu?: object): void;
  getBounds(): Rectangle;
  on(event: 'click', listener: (event: unknown, bounds: Rectangle | undefined) => void): unknown;
  on(event: 'right-click', listener: () => void): unknown;
  destroy(): void;
  isDestroyed(): boolean;
}

export interface TrayElectron {
  Tray: new (image: TrayImage) => TrayIcon;
  Menu: { buildFromTemplate(template: MenuItemConstructorOptions[]): object };
}

export interface TrayActions {
  punch(): unknown;
  openPopup(view: View): unknown;
  /** Left click on the icon (macOS, Windows, some Linux trays). */
  togglePopup(anchor: Rectangle | null): unknown;
  refresh(): unknown;
  snooze(): unknown;
  /** false: take "not today" back. */
  notToday(on: boolean): unknown;
  toggleStartAtLogin(enabled: boolean): unknown;
  /** Demo mode: the simulated clock to the next moment of the demo day. */
  playDemo?(): unknown;
  /** Demo mode: back to setup (nothing to delete). */
  leaveDemo?(): unknown;
  quit(): unknown;
}

export interface TrayController {
  update(snapshot: Snapshot): void;
  /** The icon's bounds, or null where the platform does not report them (Linux). */
  bounds(): Rectangle | null;
  destroy(): void;
}

export function createTrayController(opts: {
  electron: TrayElectron;
  platform: NodeJS.Platform;
  iconFor: (state: TrayState, platform: NodeJS.Platform) => TrayImage;
  t: Translate;
  actions: TrayActions;
  snapshot: Snapshot;
  logger: Logger;
  now?: () => number;
}): TrayController {
  const { electron, platform, iconFor, t, actions, logger } = opts;
  const now = opts.now ?? Date.now;
  let current = opts.snapshot;
  let shownState: TrayState = current.trayState;
  const tray = new electron.Tray(iconFor(shownState, platform));
  let menu: object | null = null;
  let shownMenu = '';
  let shownTooltip = '';
  let shownTitle = '';

  // Actions may be async; a failure is logged rather than left as an unhandled rejection.
  const run = (name: string, fn: () => unknown) => {
    Promise.resolve()
      .then(fn)
      .catch((error: unknown) => {
        logger.error('Tray action failed', { action: name, message: String(error) });
      });
  };

  const perform = (action: TrayAction) => {
    switch (action) {
      case 'setup':
        return run(action, () => actions.openPopup('onboarding'));
      case 'punch':
        return run(action, () => actions.punch());
      case 'today':
        return run(action, () => actions.openPopup('today'));
      case 'history':
        return run(action, () => actions.openPopup('history'));
      case 'refresh':
        return run(action, () => actions.refresh());
      case 'snooze':
        return run(action, () => actions.snooze());
      case 'notToday':
        return run(action, () => actions.notToday(true));
      case 'resumeReminders':
        return run(action, () => actions.notToday(false));
      case 'startAtLogin':
        return run(action, () => actions.toggleStartAtLogin(!current.startAtLogin));
      case 'settings':
        return run(action, () => actions.openPopup('settings'));
      case 'demoPlay':
        return run(action, () => actions.playDemo?.());
      case 'leaveDemo':
        return run(action, () => actions.leaveDemo?.());
      case 'quit':
        return run(action, () => actions.quit());
    }
  };

  const toElectron = (item: TrayMenuItem): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'action':
        return { label: item.label, enabled: item.enabled, click: () => perform(item.action) };
      case 'checkbox':
        return {
          type: 'checkbox',
          label: item.label,
          checked: item.checked,
          click: () => perform(item.action),
        };
    }
  };

  const update = (snapshot: Snapshot) => {
    current = snapshot;
    if (tray.isDestroyed()) return;
    if (snapshot.trayState !== shownState) {
      shownState = snapshot.trayState;
      tray.setImage(iconFor(shownState, platform));
    }
    // DingTalk's clock, as the punch is corrected: the item's 早退 and the countdown follow it.
    const at = now() + snapshot.clockOffsetMs;
    const tooltip = traySummary(snapshot, t, at);
    if (tooltip !== shownTooltip) {
      shownTooltip = tooltip;
      tray.setToolTip(tooltip);
    }
    if (platform === 'darwin') {
      const title = trayTitle(snapshot, t, at);
      if (title !== shownTitle) {
        shownTitle = title;
        tray.setTitle(title);
      }
    }
    const template = buildTrayMenuTemplate(snapshot, t, at);
    const key = JSON.stringify(template);
    if (key !== shownMenu) {
      shownMenu = key;
      menu = electron.Menu.buildFromTemplate(template.map(toElectron));
      // On macOS a set context menu swallows the left click, so it pops up on right click instead.
      if (platform !== 'darwin') tray.setContextMenu(menu);
    }
  };

  tray.on('click', (_event, bounds) => {
    run('toggle', () => actions.togglePopup(bounds && bounds.width > 0 ? bounds : null));
  });
  if (platform === 'darwin') {
    tray.on('right-click', () => {
      if (menu) tray.popUpContextMenu(menu);
    });
  }
  update(current);
  // The countdown and the punch item (a window opens, early becomes on time) change with
  // the clock: look again on every minute boundary, when the shown minute changes. One
  // timer at a time; unchanged text is not set again and an unchanged menu not rebuilt.
  let ticker: NodeJS.Timeout | null = null;
  const tick = () => {
    ticker = setTimeout(
      () => {
        update(current);
        tick();
      },
      MINUTE - ((now() + current.clockOffsetMs) % MINUTE),
    );
    ticker.unref();
  };
  tick();

  return {
    update,
    bounds() {
      if (tray.isDestroyed()) return null;
      const b = tray.getBounds();
      return b.width > 0 && b.height > 0 ? b : null;
    },
    destroy() {
      if (ticker) clearTimeout(ticker);
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
