/** The month's totals: 迟到 / 早退 / 缺卡 (and 旷工 when any), days worked, hours. */
import type { HistoryTotals } from '../../../../shared/history';
import { useI18n } from '../../i18n';

interface Props {
  totals: HistoryTotals;
  hours: (minutes: number) => string;
}

export function Totals({ totals, hours }: Props) {
  const { t } = useI18n();
  const items = [
    {
      key: 'late',
      label: t('timeResult.Late'),
      value: t('history.count', { count: totals.late }),
      bad: totals.late > 0,
    },
    {
      key: 'early',
      label: t('timeResult.Early'),
      value: t('history.count', { count: totals.early }),
      bad: totals.early > 0,
    },
    {
      key: 'missed',
      label: t('timeResult.NotSigned'),
      value: t('history.count', { count: totals.missed }),
      bad: totals.missed > 0,
    },
    ...(totals.absent > 0
      ? [
          {
            key: 'absent',
            label: t('timeResult.Absenteeism'),
            value: t('history.count', { count: totals.absent }),
            bad: true,
          },
        ]
      : []),
    {
      key: 'days',
      label: t('history.daysWorked'),
      value: t('history.days', { count: totals.daysWorked }),
      bad: false,
    },
    { key: 'hours', label: t('history.hours'), value: hours(totals.workedMinutes), bad: false },
  ];
  return (
    <section className="htotals" aria-labelledby="history-totals">
      <h2 id="history-totals" className="sr-only">
        {t('history.totals')}
      </h2>
      <dl>
        {items.map((item) => (
          <div key={item.key} className={item.bad ? 'htotal htotal-bad' : 'htotal'}>
            <dt>{item.label}</dt>
            <dd>{item.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
