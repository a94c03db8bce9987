/**
 * A month as CSV for Excel: UTF-8 with a byte-order mark (without it Excel reads
 * Chinese as mojibake), CRLF line ends, one row per check point: date, type
 * (上班1 … on a split shift), planned, punched, result, in the chosen language.
 * Times are the organisation's wall clock, "YYYY-MM-DD HH:mm" (a night shift's
 * clock-out is on the next date).
 */
import { checkPointLabel, type HistoryCheckPoint, type HistoryMonth } from '../../shared/history';
import { translate, type UiLanguage } from '../../shared/i18n';

const BOM = '\uFEFF';

/**
 * RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. One that
 * starts with = + - @ (or a tab or CR) would be a formula in Excel: a leading apostrophe
 * keeps it text (in server mode the times are strings the company server sent).
 */
export function csvField(raw: string): string {
  const value = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const wallClock = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '');

function resultText(c: HistoryCheckPoint, lang: UiLanguage): string {
  if (c.punch?.source === 'APPROVE') return translate(lang, 'history.leave');
  if (c.state === 'missed') return translate(lang, 'timeResult.NotSigned');
  if (c.state === 'pending') return translate(lang, 'history.pending');
  return c.result ? translate(lang, `timeResult.${c.result}`) : translate(lang, 'common.unknown');
}

export function historyCsv(month: HistoryMonth, lang: UiLanguage): string {
  const header = ['date', 'type', 'planned', 'punched', 'result'].map((k) =>
    translate(lang, `history.csv.${k as 'date' | 'type' | 'planned' | 'punched' | 'result'}`),
  );
  const rows = [header];
  for (const day of month.days) {
    for (const c of day.checkPoints) {
      rows.push([
        day.date,
        checkPointLabel(
          (t) => translate(lang, `checkType.${t}`),
          c,
          day.sections,
          (type, n) => translate(lang, 'history.numbered', { type, n }),
        ),
        wallClock(c.planned),
        wallClock(c.punchedAt),
        resultText(c, lang),
      ]);
    }
  }
  return BOM + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
