/**
 * Issue #11, "Now", in a real Chromium against the simulator: the time on the
 * punch card before clocking in; after it, hours worked and the time left until
 * the planned clock-out, moving on the minute boundary by the page's own timer,
 * then 可以下班了 / Time to go (and the button no longer 早退) once it is due;
 * the next reminder's time under the card. The page's clock is Playwright's,
 * set to the simulator's.
 */
import { expect, it } from 'vitest';
import { LOOKS, screenshot } from './browser';
import { describeE2E, officeWithoutFlex, text } from './suite';
import { at } from '../helpers/engine-fixture';

describeE2E('now: the time, hours worked and the countdown', (e2e) => {
  for (const look of LOOKS) {
    it(`counts down to the clock-out on the minute (${look.lang}, ${look.theme})`, async () => {
      const h = await e2e.harness({
        start: '2026-11-27 08:52:00',
        org: officeWithoutFlex(),
        signedIn: true,
      });
      const { page } = await e2e.popup(h, look);
      const t = (key: Parameters<typeof text>[1], vars?: Parameters<typeof text>[2]) =>
        text(look, key, vars);
      const now = page.locator('.primary .now');

      // Before clocking in: the time only.
      await expect.poll(() => now.textContent()).toBe('08:52');
      await page.getByRole('button', { name: t('punchAction.OnDuty'), exact: true }).click();
      await page.getByText(t('today.punched.OnDuty')).waitFor();

      // 16:35:30 on a clock whose timers the test moves (installed before the page loads).
      h.sim.clock.set(at('2026-11-27 16:35:30'));
      await page.clock.install({ time: new Date(h.sim.clock.now()) });
      await page.reload();
      const worked = (d: string) => t('now.worked', { d });
      const left = (d: string) => t('now.left', { d });
      await expect.poll(() => now.textContent()).toContain(left(t('now.hm', { h: 1, m: 25 })));
      expect(await now.textContent()).toContain(worked(t('now.hm', { h: 7, m: 43 })));
      expect(await page.locator('.now-clock').textContent()).toBe('16:35');
      await page.getByText(t('now.remind.OffDuty', { time: '18:10' }), { exact: true }).waitFor();
      await page.getByRole('button', { name: t('today.offer.early'), exact: true }).waitFor();
      await screenshot(page, 'now-countdown', look);

      // The minute boundary, by the page's own timer.
      await page.clock.runFor(30_000);
      await expect.poll(() => page.locator('.now-clock').textContent()).toBe('16:36');
      expect(await now.textContent()).toContain(left(t('now.hm', { h: 1, m: 24 })));
      expect(await now.textContent()).toContain(worked(t('now.hm', { h: 7, m: 44 })));

      // A jump (a laptop waking at 18:00): due, and the button is a plain clock-out.
      await page.clock.fastForward('01:24:00');
      await page.getByText(t('now.due'), { exact: true }).waitFor();
      expect(await page.locator('.now-clock').textContent()).toBe('18:00');
      await page.getByRole('button', { name: t('punchAction.OffDuty'), exact: true }).waitFor();
      await screenshot(page, 'now-due', look);
    });
  }
});
