/**
 * The line on the punch card: the time now and, once clocked in, the hours
 * worked and the time left until the planned clock-out (or that it is time to
 * go). Main gives the anchors (snapshot.work); this line alone re-renders, once
 * a minute, on one timer set to the next minute boundary.
 */
import { useEffect, useState } from 'react';
import type { WorkClock } from '../../../../shared/contract';
import { workNow } from '../../../../shared/work-clock';
import type { Format } from '../../format';
import { useI18n } from '../../i18n';

const MINUTE = 60_000;

export function NowLine({ work, format }: { work: WorkClock | null; format: Format }) {
  const { t } = useI18n();
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const timer = setTimeout(tick, MINUTE - (now % MINUTE));
    // A hidden popup's timers may sleep: read the clock again when it shows.
    document.addEventListener('visibilitychange', tick);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', tick);
    };
  }, [now]);
  const span = (m: number) =>
    m < 60 ? t('now.m', { m }) : t('now.hm', { h: Math.floor(m / 60), m: m % 60 });
  const at = work && workNow(work, now);
  const left = at?.left ?? null;
  return (
    <p className="now">
      <span className="now-clock">{format.time(new Date(now).toISOString())}</span>
      {at && <span>{t('now.worked', { d: span(at.worked) })}</span>}
      {left !== null && (
        <span className={left > 0 ? undefined : 'now-due'}>
          {left > 0 ? t('now.left', { d: span(left) }) : t('now.due')}
        </span>
      )}
    </p>
  );
}
