/**
 * Issue #10 in a real Chromium against the simulator: a clock-out before the plan
 * reads 早退打卡 and asks first; after it, 更新打卡 punches again and the popup then
 * shows the latest clock-out and its result (DingTalk keeps the latest). The page's
 * clock follows the simulator's (the popup judges early / late by it).
 */
import { expect, it } from 'vitest';
import { DEMO_USERS } from '../../main/dingtalk/simulator';
import { at } from '../helpers/engine-fixture';
import { LOOKS, screenshot } from './browser';
import { describeE2E, officeWithoutFlex, text } from './suite';

describeE2E('early clock-out and 更新打卡', (e2e) => {
  for (const look of LOOKS) {
    it(`asks before an early clock-out, then updates it (${look.lang}, ${look.theme})`, async () => {
      const h = await e2e.harness({
        start: '2026-11-27 08:50:00',
        org: officeWithoutFlex(),
        signedIn: true,
      });
      const { page } = await e2e.popup(h, look);
      const t = (key: Parameters<typeof text>[1], vars?: Parameters<typeof text>[2]) =>
        text(look, key, vars);
      const timeTo = async (wall: string) => {
        h.sim.clock.set(at(`2026-11-27 ${wall}:00`));
        await page.clock.setFixedTime(new Date(h.sim.clock.now()));
        await page.reload();
      };
      const mine = () => h.sim.records.filter((r) => r.userId === DEMO_USERS.fixed);
      const rows = page.getByRole('list', { name: t('today.timeline') }).locator('.tl-row');

      await timeTo('08:50');
      await page.getByRole('button', { name: t('punchAction.OnDuty'), exact: true }).click();
      await page.getByText(t('today.punched.OnDuty')).waitFor();

      // 17:00: the button warns, and a click only asks.
      await timeTo('17:00');
      const early = page.getByRole('button', { name: t('today.offer.early'), exact: true });
      await early.waitFor();
      expect(await early.getAttribute('class')).toContain('punch-warn');
      await early.click();
      const question = page.getByRole('alert');
      await question.getByText(t('today.confirmEarlyTitle', { time: '18:00' })).waitFor();
      expect(mine()).toHaveLength(1);
      await screenshot(page, 'today-early-confirm-e2e', look, 'zh-CN');
      await question.getByRole('button', { name: t('today.offer.early') }).click();
      await expect
        .poll(() => rows.nth(1).locator('.tl-result').textContent())
        .toContain(t('timeResult.Early'));
      expect(await page.locator('.done-mark').getAttribute('class')).toContain('done-warn');
      expect(mine()).toHaveLength(2);

      // 18:05: 更新打卡; the day then shows the latest clock-out, not the early one.
      await timeTo('18:05');
      await page.getByRole('button', { name: t('today.offer.update'), exact: true }).click();
      await expect.poll(() => rows.nth(1).locator('.tl-actual').textContent()).toContain('18:05');
      await expect
        .poll(() => rows.nth(1).locator('.tl-result').textContent())
        .toContain(t('timeResult.Normal'));
      await expect(page.locator('.primary').textContent()).resolves.not.toContain(
        t('timeResult.Early'),
      );
      expect(mine().map((r) => r.userCheckTime)).toEqual([
        at('2026-11-27 08:50:00'),
        at('2026-11-27 17:00:00'),
        at('2026-11-27 18:05:00'),
      ]);
    });
  }
});
