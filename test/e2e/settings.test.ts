/**
 * Settings in a real Chromium: opened by main's navigate event (the tray's
 * "Settings…"), the language and theme change the whole popup at once and
 * are saved by the engine.
 */
import { expect, it } from 'vitest';
import { screenshot } from './browser';
import { backgroundOf, BACKGROUND, describeE2E, text } from './suite';

describeE2E('settings', (e2e) => {
  it('switches the popup to English and the dark theme, and keeps them', async () => {
    const zh = { lang: 'zh-CN', theme: 'light' } as const;
    const en = { lang: 'en', theme: 'dark' } as const;
    const h = await e2e.harness({ start: '2026-11-27 08:50:00', signedIn: true });
    const { page } = await e2e.popup(h, zh);
    await page.getByRole('button', { name: text(zh, 'punchAction.OnDuty'), exact: true }).waitFor();
    expect(await backgroundOf(page)).toBe(BACKGROUND.light);

    h.navigate('settings');
    await page.getByRole('heading', { name: text(zh, 'settings.title') }).waitFor();
    await page.getByLabel(text(zh, 'settings.language')).selectOption('en');
    await page.getByRole('heading', { name: text(en, 'settings.title') }).waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');

    await page.getByLabel(text(en, 'settings.theme')).selectOption('dark');
    await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('dark');
    // The system says light; the setting wins.
    expect(await backgroundOf(page)).toBe(BACKGROUND.dark);
    await screenshot(page, 'settings', en);
    expect(h.engine.settings().ui).toMatchObject({ language: 'en', theme: 'dark' });

    // The default working hours (used without a DingTalk schedule) have a group of their own.
    await page.getByRole('tab', { name: text(en, 'settings.hours') }).click();
    const start = page.getByLabel(text(en, 'settings.onDutyTime'));
    await start.fill('8:30');
    await start.press('Enter');
    await expect.poll(() => h.engine.settings().fallbackSchedule.onDuty).toBe('08:30');
    // Saved, and it says so beside the field (only after the engine had it).
    await page
      .locator('[data-setting="fallbackSchedule.onDuty"]')
      .getByRole('status')
      .getByText(text(en, 'settings.saved'))
      .waitFor();
    await page.getByRole('checkbox', { name: 'Sat' }).click();
    await expect
      .poll(() => h.engine.settings().fallbackSchedule.workdays)
      .toEqual([1, 2, 3, 4, 5, 6]);
    await page.getByRole('group', { name: text(en, 'settings.workdays') }).scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-working-hours', en);

    // An end before the start is refused when it equals it, explained when it is a night shift.
    const end = page.getByLabel(text(en, 'settings.offDutyTime'));
    await end.fill('08:30');
    await end.press('Enter');
    await page.getByText(text(en, 'settings.sameHours')).waitFor();
    expect(h.engine.settings().fallbackSchedule.offDuty).toBe('18:00');
    await end.fill('06:00');
    await end.press('Enter');
    await expect.poll(() => h.engine.settings().fallbackSchedule.offDuty).toBe('06:00');
    await page.getByText(text(en, 'settings.nightShift', { time: '06:00' })).waitFor();

    // The global shortcut is recorded, not typed: the engine stores the accelerator.
    await page.getByRole('tab', { name: text(en, 'settings.general') }).click();
    await page
      .getByRole('button', { name: new RegExp(`^${text(en, 'settings.shortcut')}`) })
      .click();
    await page.keyboard.press('Control+Shift+K');
    await expect.poll(() => h.engine.settings().ui.globalShortcut).toBe('CommandOrControl+Shift+K');

    await page.getByRole('button', { name: text(en, 'common.back') }).click();
    await page.getByRole('button', { name: text(en, 'punchAction.OnDuty'), exact: true }).waitFor();

    // The popup opens again the way it was left.
    await page.reload();
    await page.getByRole('button', { name: text(en, 'punchAction.OnDuty'), exact: true }).waitFor();
    await expect.poll(() => backgroundOf(page)).toBe(BACKGROUND.dark);
  });
});
