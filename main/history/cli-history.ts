/**
 * `daka history [--month YYYY-MM] [--json | --csv]`: a month of my attendance as
 * a table, as JSON (each day's check points shaped as in `status --json`, and the
 * totals) or as the CSV the popup exports. The month defaults to the current one.
 */
import { AppError } from '../../shared/errors';
import {
  checkPointLabel,
  type HistoryDay,
  type HistoryMonth,
  isMonthKey,
} from '../../shared/history';
import { translate, type UiLanguage } from '../../shared/i18n';
import { monthKey } from '../../shared/time';
import type { Engine } from '../engine';
import { historyCsv } from './csv';

export interface HistoryFlags {
  month: string | undefined;
  json: boolean;
  csv: boolean;
}

/** The month to show; throws invalidInput (field month) before any call for a bad one. */
export function historyMonthOf(flags: HistoryFlags, now: number, timeZone: string): string {
  if (flags.json && flags.csv) {
    throw new AppError('invalidInput', 'Use --json or --csv, not both', { field: 'csv' });
  }
  if (flags.month === undefined) return monthKey(now, timeZone);
  if (!isMonthKey(flags.month)) {
    throw new AppError('invalidInput', 'Use --month YYYY-MM', { field: 'month' });
  }
  return flags.month;
}

export async function historyCommand(
  engine: Engine,
  flags: HistoryFlags,
  lang: UiLanguage,
  now: number,
  write: (text: string) => void,
): Promise<number> {
  const month = await engine.history(historyMonthOf(flags, now, engine.timeZone()));
  if (flags.csv) write(historyCsv(month, lang));
  else if (flags.json) write(`${JSON.stringify(month, null, 2)}\n`);
  else write(formatMonth(month, lang));
  return 0;
}

const hhmm = (iso: string | null) => (iso ? iso.slice(11, 16) : '--:--');

export function hoursText(minutes: number, lang: UiLanguage): string {
  return translate(lang, 'history.hoursValue', {
    hours: Math.floor(minutes / 60),
    minutes: minutes % 60,
  });
}

function dayLine(day: HistoryDay, lang: UiLanguage): string {
  const t = (key: Parameters<typeof translate>[1]) => translate(lang, key);
  const mark = t(`history.mark.${day.mark}`);
  if (day.checkPoints.length === 0 || day.onLeave) return `${day.date}  ${mark}`;
  const points = day.checkPoints.map((c) => {
    const label = checkPointLabel(
      (type) => t(`checkType.${type}`),
      c,
      day.sections,
      (type, n) => translate(lang, 'history.numbered', { type, n }),
    );
    const result =
      c.punch?.source === 'APPROVE'
        ? t('history.leave')
        : c.state === 'missed'
          ? t('timeResult.NotSigned')
          : c.state === 'pending'
            ? t('history.pending')
            : c.result
              ? t(`timeResult.${c.result}`)
              : '';
    return `${label} ${hhmm(c.planned)}→${hhmm(c.punchedAt)} ${result}`;
  });
  return `${day.date}  ${mark}  ${points.join('  ')}`;
}

export function formatMonth(month: HistoryMonth, lang: UiLanguage): string {
  const { totals } = month;
  const lines = [
    `${month.month} · ${month.timeZone}`,
    ...month.days.map((d) => dayLine(d, lang)),
    translate(lang, 'history.cliTotals', {
      late: totals.late,
      early: totals.early,
      missed: totals.missed,
      days: totals.daysWorked,
      hours: hoursText(totals.workedMinutes, lang),
    }),
  ];
  return `${lines.join('\n')}\n`;
}
