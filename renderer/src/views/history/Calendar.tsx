/** The month as DingTalk's 统计 calendar: a dot per day in the day's colour, Monday first. */
import type { HistoryDay } from '../../../../shared/history';
import type { Format } from '../../format';
import { useI18n } from '../../i18n';
import { monthGrid } from './month-grid';

interface Props {
  first: string;
  last: string;
  days: ReadonlyMap<string, HistoryDay>;
  selected: string | null;
  title: string;
  format: Format;
  onSelect(date: string): void;
}

/** Monday…Sunday in the UI language (2026-11-30 is a Monday). */
function weekdayNames(locale: string): string[] {
  const f = new Intl.DateTimeFormat(locale, { weekday: 'narrow', timeZone: 'UTC' });
  return Array.from({ length: 7 }, (_, i) => f.format(new Date(Date.UTC(2026, 10, 30 + i))));
}

export function Calendar({ first, last, days, selected, title, format, onSelect }: Props) {
  const { t, locale } = useI18n();
  return (
    <table className="hcal">
      <caption className="sr-only">{t('history.calendar', { month: title })}</caption>
      <thead>
        <tr>
          {weekdayNames(locale).map((name, i) => (
            <th key={i} scope="col">
              {name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {monthGrid(first, last).map((week) => (
          <tr key={week.find((d) => d !== null) ?? ''}>
            {week.map((date, i) => {
              if (date === null) return <td key={i} />;
              const day = days.get(date);
              const label = day
                ? `${format.date(date)} · ${t(`history.mark.${day.mark}`)}`
                : format.date(date);
              return (
                <td key={date}>
                  <button
                    type="button"
                    className={`hcell hcell-${day?.mark ?? 'future'}`}
                    disabled={!day}
                    aria-pressed={date === selected}
                    aria-label={label}
                    onClick={() => onSelect(date)}
                  >
                    <span className="hcell-num">{Number(date.slice(8))}</span>
                    <span className="hcell-dot" aria-hidden="true" />
                  </button>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
