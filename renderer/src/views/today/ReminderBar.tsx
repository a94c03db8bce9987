/**
 * Reminders on Today: a showing one can be snoozed or silenced for the day right
 * here, as in the notification; "not today" can be undone; otherwise one quiet
 * line says when the next one comes (or until when it is snoozed).
 */
import type { Snapshot } from '../../../../shared/contract';
import type { Format } from '../../format';
import { useI18n } from '../../i18n';

interface Props {
  snapshot: Snapshot;
  format: Format;
  onSnooze(): void;
  /** false: undo "not today". */
  onNotToday(on: boolean): void;
}

export function ReminderBar({ snapshot, format, onSnooze, onNotToday }: Props) {
  const { t } = useI18n();
  const { reminder, snoozedUntil, nextReminder: next } = snapshot;
  if (reminder) {
    return (
      <div className="reminder" role="status">
        <span className="reminder-text">{t(`reminder.${reminder.kind}`)}</span>
        <button type="button" className="link" onClick={onSnooze}>
          {t('reminder.snooze', { minutes: snapshot.settings.reminders.snoozeMinutes })}
        </button>
        <button type="button" className="link" onClick={() => onNotToday(true)}>
          {t('reminder.notToday')}
        </button>
      </div>
    );
  }
  // Main says a snooze only while it still has something to remind about.
  const line = snapshot.notToday
    ? t('reminder.notTodayActive')
    : snoozedUntil
      ? t('reminder.snoozedUntil', { time: format.time(snoozedUntil) })
      : next && t(`now.remind.${next.checkType}`, { time: format.time(next.at) });
  return (
    line && (
      <p className="reminder reminder-quiet">
        {line}
        {snapshot.notToday && (
          <button type="button" className="link" onClick={() => onNotToday(false)}>
            {t('reminder.undo')}
          </button>
        )}
      </p>
    )
  );
}
