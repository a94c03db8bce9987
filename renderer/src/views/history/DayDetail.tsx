/**
 * One day of the history: its check points (上班1/下班1… on a split shift) with
 * planned and punched times and DingTalk's result, rest and leave as such, and
 * on a 缺卡 or 早退 day where to ask DingTalk for a 补卡. DingTalk documents no
 * link to its 补卡 page (only dingtalk://dingtalkclient/page/link for a known URL,
 * and the attendance app's URL is not published), so the view says where to tap.
 */
import {
  checkPointLabel,
  type HistoryCheckPoint,
  type HistoryDay,
} from '../../../../shared/history';
import type { Format } from '../../format';
import { useI18n, type T } from '../../i18n';

function resultOf(c: HistoryCheckPoint, t: T): { text: string; tone: string } {
  if (c.punch?.source === 'APPROVE') return { text: t('history.leave'), tone: 'leave' };
  if (c.state === 'missed') return { text: t('timeResult.NotSigned'), tone: 'missed' };
  if (c.state === 'pending') return { text: t('history.pending'), tone: 'pending' };
  if (!c.result) return { text: t('common.unknown'), tone: 'pending' };
  const tone =
    c.result === 'Normal'
      ? 'normal'
      : c.result === 'Early'
        ? 'early'
        : c.result === 'Absenteeism'
          ? 'absent'
          : 'late';
  return { text: t(`timeResult.${c.result}`), tone };
}

interface Props {
  day: HistoryDay;
  format: Format;
  hours: (minutes: number) => string;
  /** The week view lists days one under the other: their dates are headings of a level below. */
  level?: 2 | 3;
}

export function DayDetail({ day, format, hours, level = 2 }: Props) {
  const { t } = useI18n();
  const Heading = level === 2 ? 'h2' : 'h3';
  const name = (type: HistoryCheckPoint['type']) => t(`checkType.${type}`);
  return (
    <section className={`hday hday-${day.mark}`} aria-label={format.date(day.date)}>
      <Heading className="hday-head">
        <span>{format.date(day.date)}</span>
        {day.today && <span className="badge badge-muted">{t('history.today')}</span>}
        <span className={`hmark hmark-${day.mark}`}>{t(`history.mark.${day.mark}`)}</span>
      </Heading>
      {day.checkPoints.length > 0 && !day.onLeave && (
        <ol className="hday-points">
          {day.checkPoints.map((c) => {
            const result = resultOf(c, t);
            return (
              <li key={`${c.type}-${c.section}`} className="hpoint">
                <span className="hpoint-type">
                  {checkPointLabel(name, c, day.sections, (type, n) =>
                    t('history.numbered', { type, n }),
                  )}
                </span>
                <span className="hpoint-planned">
                  {t('today.plannedLabel')} {format.time(c.planned)}
                </span>
                <span className="hpoint-actual">
                  {c.punchedAt ? format.time(c.punchedAt) : '--:--'}
                </span>
                <span className={`hpoint-result hres-${result.tone}`}>{result.text}</span>
              </li>
            );
          })}
        </ol>
      )}
      {day.workedMinutes > 0 && (
        <p className="muted">{t('history.worked', { hours: hours(day.workedMinutes) })}</p>
      )}
      {day.makeUp && (
        <div className="notice notice-warn hmakeup">
          <p className="notice-title">{t('history.makeUpTitle')}</p>
          <p className="notice-fix">{t('history.makeUpHow')}</p>
          <p className="notice-fix muted">{t('history.makeUpNoLink')}</p>
        </div>
      )}
    </section>
  );
}
