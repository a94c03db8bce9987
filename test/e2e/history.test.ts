/**
 * The history view in a real Chromium against the real engine and the simulator:
 * November 2026 with a 调休 weekend (Saturday the 14th worked, Monday the 16th a
 * holiday) and a day of leave, opened from a navigate event (the tray's and the
 * "…" menu's way in). The month costs 4 counted calls once and none when opened
 * again; the CSV download starts with the BOM. zh-CN light and en dark.
 */
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { LOOKS, screenshot } from './browser';
import { describeE2E, text } from './suite';
import {
  HOLIDAY,
  LEAVE_DAY,
  MISSED_DAY,
  MONTH,
  WORKED_SATURDAY,
  writeNovember,
} from '../history/scenario';

describeE2E('history', (e2e) => {
  for (const look of LOOKS) {
    it(`shows a month across a 调休 weekend and a leave day (${look.lang}, ${look.theme})`, async () => {
      const h = await e2e.harness({ start: '2026-11-27 12:00:00', signedIn: true });
      writeNovember(h.sim, '2026-11-27');
      const { page } = await e2e.popup(h, look);
      const t = (key: Parameters<typeof text>[1], vars?: Parameters<typeof text>[2]) =>
        text(look, key, vars);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      const counted = () => h.engine.meter.figures().counted;
      const before = counted();

      h.navigate('history');
      await page.getByRole('heading', { level: 1, name: t('history.title') }).waitFor();
      await page.getByRole('table').waitFor();
      expect(counted() - before).toBe(4);

      const cell = (date: string) =>
        page.locator('.hcell').filter({ hasText: new RegExp(`^${Number(date.slice(8))}$`) });
      expect(await cell(WORKED_SATURDAY).getAttribute('class')).toContain('hcell-normal');
      expect(await cell(HOLIDAY).getAttribute('class')).toContain('hcell-rest');
      expect(await cell(LEAVE_DAY).getAttribute('class')).toContain('hcell-leave');
      expect(await cell(MISSED_DAY).getAttribute('class')).toContain('hcell-missed');

      await cell(WORKED_SATURDAY).click();
      const detail = page.locator('.hday');
      await expect
        .poll(() => detail.locator('.hpoint-actual').allTextContents())
        .toEqual(['08:55', '18:05']);
      await cell(LEAVE_DAY).click();
      await detail.locator('.hmark-leave').waitFor();
      await cell(HOLIDAY).click();
      await detail.locator('.hmark-rest').waitFor();
      await cell(MISSED_DAY).click();
      await detail.getByText(t('history.makeUpHow')).waitFor();
      await screenshot(page, 'history-missed', look);

      // The week of the 16th: the holiday and the leave day as such, the 14th's week before it.
      await page.getByRole('button', { name: t('history.weekView'), exact: true }).click();
      await cell(HOLIDAY).waitFor({ state: 'detached' });
      await page.getByRole('button', { name: t('history.monthView'), exact: true }).click();

      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: t('history.export') }).click();
      const file = await (await download).path();
      const csv = await readFile(file, 'utf8');
      expect(csv.charCodeAt(0)).toBe(0xfeff);
      expect(csv).toContain(`${WORKED_SATURDAY},${t('checkType.OnDuty')},${WORKED_SATURDAY} 09:00`);
      await page
        .getByText(t('history.downloaded', { name: `daka-zhangwei-${MONTH}.csv` }))
        .waitFor();

      // Back and in again: every evaluated day comes from the cache.
      await page.keyboard.press('Escape');
      h.navigate('history');
      await page.getByRole('table').waitFor();
      expect(counted() - before).toBe(4);
    });
  }
});
