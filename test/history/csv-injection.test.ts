/**
 * The CSV export opened in Excel: a cell that starts with = + - @ (or a tab or CR) is a
 * formula there. Our own cells never start so, but a punched or planned time in server
 * mode is a string the company server sent (/v1/history validates only that it is a
 * string), so each such cell is neutralised with a leading apostrophe (OWASP's advice).
 */
import { describe, expect, it } from 'vitest';
import { csvField, historyCsv } from '../../main/history/csv';
import { historyDay, monthTotals, type HistoryMonth } from '../../shared/history';

describe('history CSV against formula injection', () => {
  it('neutralises a field that Excel would read as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-1+2')).toBe("'-1+2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('2026-11-05 09:12')).toBe('2026-11-05 09:12');
    expect(csvField('迟到')).toBe('迟到');
  });

  it('a time the server sent as a formula reaches the file neutralised', () => {
    const day = historyDay({
      date: '2026-11-05',
      restDay: false,
      onLeave: false,
      className: null,
      checkPoints: [
        {
          type: 'OnDuty',
          planned: '=1+1 planned',
          window: null,
          state: 'done',
          result: 'Normal',
          punchedAt: '@cmd|x!A0 pun',
          punch: null,
        },
      ],
    });
    const month: HistoryMonth = {
      month: '2026-11',
      userId: 'u1',
      timeZone: 'Asia/Shanghai',
      days: [day],
      totals: monthTotals([day]),
      fetchedAt: null,
    };
    const rows = historyCsv(month, 'en')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    const cells = (rows[1] ?? '').split(',');
    expect(cells[0]).toBe('2026-11-05');
    for (const cell of cells.slice(2, 4)) expect(cell.startsWith("'")).toBe(true);
  });
});
