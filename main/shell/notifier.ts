/**
 * Reminders and punch confirmations as system notifications. Where the OS
 * shows buttons (macOS when signed with the alert style, Windows) a reminder
 * offers "Clock in" and "Snooze"; a click anywhere opens the popup. Shown
 * notifications are kept referenced until closed: Electron drops the event
 * handlers of a notification object that was garbage collected.
 */
import type { NativeImage, NotificationConstructorOptions } from 'electron';
import type { View } from '../../shared/contract';
import { describeErrorWith } from '../../shared/i18n/core';
import type { OutboxEntry, PunchOutcome, Reminder, TimeResult } from '../../shared/model';
import type { ShownReminder } from '../engine/deps';
import type { Logger } from '../ports';
import { wallTime, type Translate } from './text';

export interface SystemNotification {
  show(): void;
  close(): void;
  on(
    event: 'action',
    listener: (details: { actionIndex?: number } | undefined, actionIndex?: number) => void,
  ): unknown;
  on(event: 'click' | 'close' | 'show', listener: () => void): unknown;
  /** The system refused to show it (documented for Windows; elsewhere it may stay silent). */
  on(event: 'failed', listener: (event: unknown, error: string) => void): unknown;
}

export interface NotifierElectron {
  Notification: {
    new (options: NotificationConstructorOptions): SystemNotification;
    isSupported(): boolean;
  };
}

export interface NotifierActions {
  /** Clock in/out now (the engine knows which one is due). */
  punch(): unknown;
  snooze(): unknown;
  openPopup(view: View): unknown;
}

export interface Notifier {
  /**
   * Show a reminder, replacing the one still showing. A test reminder (Settings) leaves
   * the real one alone, carries no buttons (a press would really punch) and reports
   * whether the system showed it.
   */
  remind(reminder: ShownReminder): void;
  /** Confirm a punch ("已上班打卡 08:58" / "正常"); outcomes the popup must handle show nothing. */
  punchResult(outcome: PunchOutcome, result?: TimeResult | null): void;
  /** Take the current reminder down (after a punch, snooze or "not today"). */
  dismissReminder(): void;
}

/** Notifications kept referenced at most (sets iterate oldest first). */
export const MAX_LIVE_NOTIFICATIONS = 20;

/** The buttons a reminder carries, in order; the 'action' event reports the index. */
const REMINDER_BUTTONS = ['punch', 'snooze'] as const;

function supportsButtons(platform: NodeJS.Platform): boolean {
  return platform === 'darwin' || platform === 'win32';
}

export function reminderNotificationOptions(
  reminder: Reminder,
  platform: NodeJS.Platform,
  t: Translate,
): NotificationConstructorOptions {
  const options: NotificationConstructorOptions = {
    title: t(`notify.due.${reminder.checkType}`, { time: wallTime(reminder.planned) }),
    body: t(`reminder.${reminder.kind}`),
  };
  if (supportsButtons(platform)) {
    options.actions = REMINDER_BUTTONS.map((button) => ({
      type: 'button' as const,
      text: button === 'punch' ? t(`punchAction.${reminder.checkType}`) : t('notify.snooze'),
    }));
  }
  return options;
}

/** Settings' test: a real reminder's title, a body that says it is only a test. */
export function testReminderOptions(
  reminder: Reminder,
  t: Translate,
): NotificationConstructorOptions {
  return {
    title: t(`notify.due.${reminder.checkType}`, { time: wallTime(reminder.planned) }),
    body: t('notify.test'),
  };
}

/** What holds a punch (the outbox's reading of its last error), when known. */
export type HeldCause = NonNullable<OutboxEntry['held']>;

export function punchNotificationOptions(
  outcome: PunchOutcome,
  t: Translate,
  result?: TimeResult | null,
  held?: HeldCause | null,
): NotificationConstructorOptions | null {
  switch (outcome.outcome) {
    case 'punched': {
      const title = t(`notify.punched.${outcome.type}`, { time: wallTime(outcome.at) });
      return result
        ? { title, body: t(`timeResult.${result}`), silent: true }
        : { title, silent: true };
    }
    case 'queued':
    case 'held': {
      const reason = describeErrorWith(t, outcome.reason).message;
      return {
        title: t(`notify.${outcome.outcome}.${outcome.type}`, { time: wallTime(outcome.at) }),
        // A held punch names its cause and what to do now, as the popup does.
        body: outcome.outcome === 'held' && held ? t(`notify.heldBy.${held}`, { reason }) : reason,
      };
    }
    case 'needs-confirmation':
    case 'unavailable':
      return null;
  }
}

export function createNotifier(opts: {
  electron: NotifierElectron;
  platform: NodeJS.Platform;
  t: Translate;
  actions: NotifierActions;
  logger: Logger;
  icon?: NativeImage | string;
  /** What holds the outbox entry of this intent (OutboxEntry.held), when it is held. */
  heldCause?: (intentId: string) => HeldCause | null | undefined;
}): Notifier {
  const { electron, platform, t, actions, logger } = opts;
  // Strong references until 'close'; Linux often never sends it, so only the newest are kept.
  const live = new Set<SystemNotification>();
  let reminder: SystemNotification | null = null;

  const run = (name: string, fn: () => unknown) => {
    Promise.resolve()
      .then(fn)
      .catch((error: unknown) => {
        logger.error('Notification action failed', { action: name, message: String(error) });
      });
  };

  const show = (
    options: NotificationConstructorOptions,
    /** Listens before show(): the system may answer at once. */
    watch?: (n: SystemNotification) => void,
  ): SystemNotification | null => {
    if (!electron.Notification.isSupported()) {
      logger.info('Notifications are not supported here', { title: options.title });
      return null;
    }
    const n = new electron.Notification(opts.icon ? { ...options, icon: opts.icon } : options);
    watch?.(n);
    live.add(n);
    for (const old of live) {
      if (live.size <= MAX_LIVE_NOTIFICATIONS) break;
      live.delete(old);
    }
    n.on('close', () => {
      live.delete(n);
      if (reminder === n) reminder = null;
    });
    n.on('click', () => run('open', () => actions.openPopup('today')));
    n.show();
    return n;
  };

  const dismissReminder = () => {
    const current = reminder;
    reminder = null;
    if (current) {
      live.delete(current);
      current.close();
    }
  };

  return {
    remind(r) {
      if (r.test) {
        const { settle } = r.test;
        const n = show(testReminderOptions(r, t), (shown) => {
          shown.on('show', () => settle('shown'));
          shown.on('failed', (_event, error) => {
            logger.warn('The test notification failed', { error: String(error) });
            settle('failed');
          });
        });
        if (!n) settle('unsupported');
        return;
      }
      dismissReminder();
      const n = show(reminderNotificationOptions(r, platform, t));
      if (!n) return;
      reminder = n;
      n.on('action', (details, legacyIndex) => {
        // Electron 45 passes the index in the details; older versions as the 2nd argument.
        const button = REMINDER_BUTTONS[details?.actionIndex ?? legacyIndex ?? -1];
        if (button === 'punch') run(button, () => actions.punch());
        else if (button === 'snooze') run(button, () => actions.snooze());
      });
    },
    punchResult(outcome, result) {
      const held = outcome.outcome === 'held' ? opts.heldCause?.(outcome.intentId) : null;
      const options = punchNotificationOptions(outcome, t, result, held);
      if (!options) return;
      // A punch answers the reminder: it must not linger.
      if (outcome.outcome === 'punched') dismissReminder();
      show(options);
    },
    dismissReminder,
  };
}
