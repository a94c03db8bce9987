/** A showing reminder can be snoozed or silenced for the day right here, as in the notification. */
import type { Snapshot } from '../../../../shared/contract';
import type { Format } from '../../format';
import { useI18n } from '../../i18n';

interface Props {
  snapshot: Snapshot;
  format: Format;
  onSnooze(): void;
  onNotToday(): void;
}

export function ReminderBar({ snapshot, format, onSnooze, onNotToday }: Props) {
  const { t } = useI18n();
  if (snapshot.reminder) {
    return (
      <div className="reminder" role="status">
        <span className="reminder-text">{t(`reminder.${snapshot.reminder.kind}`)}</span>
        <button type="button" className="link" onClick={onSnooze}>
          {t('reminder.snooze', { minutes: snapshot.settings.reminders.snoozeMinutes })}
        </button>
        <button type="button" className="link" onClick={onNotToday}>
          {t('reminder.notToday')}
        </button>
      </div>
    );
  }
  if (snapshot.notToday) {
    return <p className="reminder reminder-quiet">{t('reminder.notTodayActive')}</p>;
  }
  if (snapshot.snoozedUntil) {
    return (
      <p className="reminder reminder-quiet">
        {t('reminder.snoozedUntil', { time: format.time(snapshot.snoozedUntil) })}
      </p>
    );
  }
  return null;
}
