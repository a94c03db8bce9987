/**
 * The line on the punch card: the time now and, once clocked in, the hours
 * worked and the time left until the planned clock-out (or that it is time to
 * go). Main gives the anchors (snapshot.work); Today's minute clock gives `now`.
 */
import type { WorkClock } from '../../../../shared/contract';
import { durationText, workNow } from '../../../../shared/work-clock';
import type { Format } from '../../format';
import { useI18n } from '../../i18n';

interface Props {
  work: WorkClock | null;
  now: number;
  format: Format;
}

export function NowLine({ work, now, format }: Props) {
  const { t } = useI18n();
  const at = work && workNow(work, now);
  const left = at?.left ?? null;
  return (
    <p className="now">
      <span className="now-clock">{format.time(new Date(now).toISOString())}</span>
      {at && <span>{t('now.worked', { d: durationText(at.worked, t) })}</span>}
      {left !== null && (
        <span className={left > 0 ? undefined : 'now-due'}>
          {left > 0 ? t('now.left', { d: durationText(left, t) }) : t('now.due')}
        </span>
      )}
    </p>
  );
}
