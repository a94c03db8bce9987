/**
 * Punching without a network in a real Chromium: the punch waits in the
 * outbox with its original time and goes out when the network returns; one
 * held past the administrator's limit goes out when the employee says so.
 */
import { expect, it } from 'vitest';
import { DEMO_USERS } from '../../main/dingtalk/simulator';
import { at } from '../helpers/engine-fixture';
import { LOOKS, screenshot, type Look } from './browser';
import type { Harness } from './harness';
import { describeE2E, text } from './suite';

const MINUTE = 60_000;

describeE2E('punching offline', (e2e) => {
  /** Signed in, today loaded, then the cable is pulled and the employee clocks in. */
  async function punchOffline(look: Look, h: Harness) {
    const { page } = await e2e.popup(h, look);
    const punch = page.getByRole('button', { name: text(look, 'punchAction.OnDuty'), exact: true });
    await punch.waitFor();
    h.net.setOffline(true);
    await punch.click();
    const title = text(look, 'today.outboxTitle', {
      action: text(look, 'punchAction.OnDuty'),
      time: '08:55',
    });
    await page.locator('.primary-outbox').getByText(title).waitFor();
    expect(h.sim.records).toEqual([]);
    return page;
  }

  for (const look of LOOKS) {
    it(`queues a punch while offline and sends it when the network returns (${look.lang}, ${look.theme})`, async () => {
      const h = await e2e.harness({ start: '2026-11-27 08:55:00', signedIn: true });
      const page = await punchOffline(look, h);
      const outbox = page.locator('.primary-outbox');
      await outbox.getByText(text(look, 'today.outboxPending')).waitFor();
      await page.locator('.footer').getByText(text(look, 'footer.offline')).waitFor();
      await screenshot(page, 'today-queued', look);

      // Back online eight minutes later: the shell tells the engine, the outbox flushes.
      h.sim.clock.advance(8 * MINUTE);
      h.net.setOffline(false);
      h.engine.setOnline(true);

      await page.getByText(text(look, 'today.punched.OnDuty')).waitFor();
      await expect(page.locator('.primary').textContent()).resolves.toContain(
        text(look, 'today.punchedAt', { time: '08:55' }),
      );
      await expect.poll(() => page.locator('.footer .badge-offline').count()).toBe(0);
      expect(h.sim.records.map((r) => [r.userId, r.userCheckTime])).toEqual([
        [DEMO_USERS.fixed, at('2026-11-27 08:55:00')],
      ]);
    });
  }

  it('holds a punch older than maxOfflineMinutes until Send now, then sends its original time', async () => {
    const look = LOOKS[0] ?? { lang: 'zh-CN', theme: 'light' };
    const h = await e2e.harness({
      start: '2026-11-27 08:55:00',
      signedIn: true,
      policies: { maxOfflineMinutes: 15 },
    });
    const page = await punchOffline(look, h);

    // The network comes back 40 minutes later: too old to go out on its own.
    h.sim.clock.advance(40 * MINUTE);
    h.net.setOffline(false);
    h.engine.setOnline(true);
    const outbox = page.locator('.primary-outbox');
    await outbox.getByText(text(look, 'today.held.offline')).waitFor();
    expect(h.sim.records).toEqual([]);
    await screenshot(page, 'today-held', look);

    await outbox.getByRole('button', { name: text(look, 'today.sendNow') }).click();
    await page.getByText(text(look, 'today.punched.OnDuty')).waitFor();
    expect(h.sim.records.map((r) => [r.userId, r.userCheckTime])).toEqual([
      [DEMO_USERS.fixed, at('2026-11-27 08:55:00')],
    ]);
    const rows = page.getByRole('list', { name: text(look, 'today.timeline') }).locator('.tl-row');
    await expect(rows.nth(0).locator('.tl-actual').textContent()).resolves.toContain('08:55');
  });
});
