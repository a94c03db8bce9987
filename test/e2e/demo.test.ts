/**
 * Demo mode's first impression in a real Chromium (issue #11): chosen at 15:20 on a
 * Friday, it starts at 08:40 before work; "play the day" walks through the clock-in
 * reminder (clock in), lunch, just before clock-out (the popup's clock is the played one)
 * and the forgot-to-clock-out reminder; "Leave demo" goes back to setup step 1. zh-CN (light) and en (dark).
 */
import { expect, it } from 'vitest';
import { LOOKS, screenshot } from './browser';
import { describeE2E, text } from './suite';

describeE2E('demo mode in the popup', (e2e) => {
  for (const look of LOOKS) {
    it(`starts before work, plays the day and leaves demo (${look.lang}, ${look.theme})`, async () => {
      const h = await e2e.harness({ start: '2026-11-27 15:20:00', demo: true });
      const { page } = await e2e.popup(h, look);
      const t = (key: Parameters<typeof text>[1], vars?: Parameters<typeof text>[2]) =>
        text(look, key, vars);

      await page.getByRole('button', { name: t('onboarding.tryDemo') }).click();
      // 08:40, before work: an on-time clock-in, not 迟到打卡 at the real 15:20.
      const clockIn = page.getByRole('button', { name: t('punchAction.OnDuty'), exact: true });
      await clockIn.waitFor();
      expect(await page.getByRole('button', { name: t('today.offer.late') }).count()).toBe(0);

      await page.getByRole('button', { name: t('footer.demo'), exact: true }).click();
      const panel = page.getByRole('region', { name: t('demo.title') });
      await panel.getByText(t('demo.now', { time: '08:40' })).waitFor();
      expect(await panel.textContent()).not.toMatch(/凭据|credential/i);
      const play = (time: string, moment: Parameters<typeof text>[1]) =>
        panel.getByRole('button', { name: t('demo.play', { time, moment: t(moment) }) }).click();
      // The panel's step and the Now line name the same reminder time.
      await page.getByText(t('now.remind.OnDuty', { time: '08:55' })).waitFor();
      await panel
        .getByRole('button', {
          name: t('demo.play', { time: '08:55', moment: t('demo.moment.clockIn') }),
        })
        .waitFor();
      await screenshot(page, 'demo-start', look);

      // 08:55: the clock-in reminder shows; clock in.
      await play('08:55', 'demo.moment.clockIn');
      await page.getByText(t('reminder.beforeOnDuty')).waitFor();
      await screenshot(page, 'demo-clock-in', look);
      await clockIn.click();
      await page.getByText(t('today.punched.OnDuty')).waitFor();

      await play('12:30', 'demo.moment.lunch');
      await panel.getByText(t('demo.now', { time: '12:30' })).waitFor();
      // 17:55: the popup's clock is the played one (five minutes to go, by the simulator).
      await play('17:55', 'demo.moment.beforeClockOut');
      await page.getByText(t('now.left', { d: t('now.m', { m: 5 }) })).waitFor();
      // 18:10, as the Now line said: not clocked out, so the forgot-to-clock-out reminder shows.
      await page.getByText(t('now.remind.OffDuty', { time: '18:10' })).waitFor();
      await play('18:10', 'demo.moment.afterWork');
      await page.getByText(t('reminder.forgotOffDuty')).waitFor();
      await panel
        .getByRole('button', {
          name: t('demo.play', { time: '08:40', moment: t('demo.moment.nextDay') }),
        })
        .waitFor();
      await screenshot(page, 'demo-after-work', look);

      // Leave demo: setup step 1, nothing to delete.
      await panel.getByRole('button', { name: t('demo.leave') }).click();
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toBe(t('onboarding.connectTitle'));
      expect(h.engine.mode()).toBe('unconfigured');
      expect(h.engine.snapshot().demo).toBeUndefined();
    });
  }
});
