/**
 * A punch from outside the popup (the tray's item, a notification's button) that the
 * one punch rule says to confirm first (shared/punch-rule.ts: an early clock-out, a
 * repeat clock-in): asked in place with the OS's message box, in the popup's own
 * words, and punched with confirm only when the employee says so. Cancel sends nothing.
 */
import type { MessageBoxOptions } from 'electron';
import type { PunchOutcome } from '../../shared/model';
import { wallTime, type Translate } from './text';

export interface PunchDialog {
  showMessageBox(options: MessageBoxOptions): Promise<{ response: number }>;
}

type NeedsConfirmation = Extract<PunchOutcome, { outcome: 'needs-confirmation' }>;

/** The popup's confirmation (PrimaryPanel's 'confirm' state) as a message box. */
export function confirmationBox(outcome: NeedsConfirmation, t: Translate): MessageBoxOptions {
  const early = outcome.ask === 'early';
  return {
    type: 'question',
    message: early
      ? t('today.confirmEarlyTitle', { time: wallTime(outcome.planned ?? outcome.previousAt) })
      : t(`today.confirmTitle.${outcome.type}`, { time: wallTime(outcome.previousAt) }),
    detail: early ? t('today.confirmEarlyBody') : t(`today.confirmBody.${outcome.type}`),
    buttons: [early ? t('today.offer.early') : t('today.confirmAction'), t('common.cancel')],
    // Enter or Escape never punches by accident: cancelling is the default.
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
}

/**
 * Punches; when the rule asks first, asks, and punches again with confirm. Null when
 * the employee cancelled (nothing was sent).
 */
export async function punchAsking(deps: {
  punch: (confirm: boolean) => Promise<PunchOutcome>;
  dialog: PunchDialog;
  t: Translate;
  /**
   * Brings the app forward before the box shows. On macOS Daka has no Dock icon
   * (LSUIElement) and the popup is hidden, so without it the box may open behind the
   * frontmost app with no keyboard focus (app.focus({ steal: true }) there).
   */
  focus?: () => void;
}): Promise<PunchOutcome | null> {
  const first = await deps.punch(false);
  if (first.outcome !== 'needs-confirmation') return first;
  deps.focus?.();
  const { response } = await deps.dialog.showMessageBox(confirmationBox(first, deps.t));
  return response === 0 ? deps.punch(true) : null;
}

/**
 * punchAsking, one at a time: a second click on the tray item (or a notification's button)
 * while the first one's question is open (a message box does not block the tray) asks
 * nothing and punches nothing (null), so confirming two boxes cannot make two records.
 */
export function createPunchAsker(deps: Parameters<typeof punchAsking>[0]) {
  let asking = false;
  return async (): Promise<PunchOutcome | null> => {
    if (asking) return null;
    asking = true;
    try {
      return await punchAsking(deps);
    } finally {
      asking = false;
    }
  };
}
