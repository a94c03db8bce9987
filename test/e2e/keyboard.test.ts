/**
 * The popup with the keyboard alone, against the real engine and simulator:
 * opening it and pressing Enter punches nothing; Tab reaches the "…" menu and
 * then the punch button; Enter punches and focus lands on the new state; the
 * menu opens and moves with the arrow keys; Escape steps back, and each opening
 * starts again at the top.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { DEMO_USERS } from '../../main/dingtalk/simulator';
import { LOOKS } from './browser';
import { describeE2E, text } from './suite';

/** What has focus: its role-ish tag and its accessible text, for readable failures. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    const name = el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30) ?? '';
    return `${el.tagName.toLowerCase()}${el.getAttribute('role') ? `[${el.getAttribute('role')}]` : ''}: ${name}`;
  });

/** Hides and shows the page as the tray does with the popup window. */
async function hideAndShow(page: Page) {
  for (const state of ['hidden', 'visible'] as const) {
    await page.evaluate((s) => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
      document.dispatchEvent(new Event('visibilitychange'));
    }, state);
  }
}

describeE2E('the keyboard alone', (e2e) => {
  for (const look of LOOKS) {
    it(`punches, follows the new state and uses the menu (${look.lang}, ${look.theme})`, async () => {
      const h = await e2e.harness({ start: '2026-11-27 08:50:00', signedIn: true });
      const { page } = await e2e.popup(h, look);
      const t = (key: Parameters<typeof text>[1]) => text(look, key);
      const mine = () => h.sim.records.filter((r) => r.userId === DEMO_USERS.fixed);
      const punch = page.getByRole('button', { name: t('punchAction.OnDuty'), exact: true });
      await punch.waitFor();

      // Opening the popup focuses its heading: Enter there punches nothing.
      expect(await focused(page)).toMatch(/^h1: /);
      await page.keyboard.press('Enter');
      await page.keyboard.press('Space');
      expect(mine()).toHaveLength(0);

      // Tab: the header's menu button, then the punch button.
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe(`button: ${t('common.more')}`);
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe(`button: ${t('punchAction.OnDuty')}`);

      // Enter punches; focus lands on the card that now says it is done.
      await page.keyboard.press('Enter');
      await page.getByText(t('today.punched.OnDuty')).waitFor();
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.className ?? ''))
        .toMatch(/^primary primary-done/);
      await expect.poll(() => mine().length).toBe(1);

      // The menu: Enter opens it on its first item, ↓ moves, Enter opens the doctor.
      await page.keyboard.press('Shift+Tab');
      expect(await focused(page)).toBe(`button: ${t('common.more')}`);
      await page.keyboard.press('Enter');
      await page.getByRole('menu').waitFor();
      await expect.poll(() => focused(page)).toBe(`button[menuitem]: ${t('settings.title')}`);
      await page.keyboard.press('ArrowDown');
      expect(await focused(page)).toBe(`button[menuitem]: ${t('doctor.title')}`);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: t('doctor.title') }).waitFor();
      await expect.poll(() => focused(page)).toBe(`h1: ${t('doctor.title')}`);

      // Escape steps back to Today, whose heading takes focus again.
      await page.keyboard.press('Escape');
      await page.locator('.today-header h1').waitFor();
      await expect.poll(() => focused(page)).toMatch(/^h1: /);

      // Escape in the menu closes it and gives focus back to its button (the popup stays).
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.getByRole('menu').waitFor();
      // Opening moves focus to the first item once the menu has mounted; press Escape there.
      await expect.poll(() => focused(page)).toMatch(/^button\[menuitem\]: /);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByRole('menu').count()).toBe(0);
      expect(await focused(page)).toBe(`button: ${t('common.more')}`);

      // A new opening starts at the top again, wherever focus was left.
      await page.keyboard.press('Tab');
      await hideAndShow(page);
      expect(await focused(page)).toMatch(/^h1: /);
    });
  }
});
