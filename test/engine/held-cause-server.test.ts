/**
 * What holds a punch in company server mode (issue #10 item 14, review): the desktop names
 * the cause the company server reported, against the REAL Daka Server in front of the
 * DingTalk simulator over real HTTP. Offline past the administrator's max age the server
 * refuses punchTooOld: that is "offline too long", not DingTalk refusing Daka. The IP
 * whitelist refuses the SERVER's address: joining the office network or a VPN on this
 * computer changes nothing, so it is DingTalk refusing Daka (punch in the DingTalk app).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_APP_KEY, DEMO_USERS } from '../../main/dingtalk/simulator';
import {
  SERVER_START as START,
  type ServerDesktop,
  startServerDesktop,
  until,
} from '../helpers/server-desktop';

const MINUTE = 60_000;

let setup: ServerDesktop | null = null;
afterEach(async () => {
  await setup?.close();
  setup = null;
});

async function signedIn(): Promise<ServerDesktop & { setUnreachable(down: boolean): void }> {
  setup = await startServerDesktop();
  return { ...setup, setUnreachable: setup.wire.setUnreachable };
}

describe('what holds a punch, in company server mode', () => {
  it('offline past the max age (the server refuses punchTooOld): offline too long', async () => {
    const s = await signedIn();
    s.setUnreachable(true);
    expect((await s.engine.punch()).outcome).toBe('queued');
    s.clock.advance(20 * MINUTE);
    s.setUnreachable(false);
    await s.engine.flushOutbox();
    expect(s.engine.snapshot().outbox).toEqual([
      expect.objectContaining({
        state: 'held',
        held: 'offline',
        // The refusal's check time is the server's clock then, not the click: kept as clicked.
        at: '2026-11-23T08:58:00+08:00',
        lastError: expect.objectContaining({ code: 'punchTooOld' }),
      }),
    ]);
    // Send now within the max age of the refusal must not become a punch at that moment.
    s.clock.advance(MINUTE);
    const again = await s.engine.sendHeld(s.engine.snapshot().outbox[0]?.id ?? '');
    expect(again).toMatchObject({ at: '2026-11-23T08:58:00+08:00' });
    expect(s.sim.records.filter((r) => r.userId === DEMO_USERS.fixed)).toEqual([]);
  });

  it("the IP whitelist refuses the server's address: not this computer's network", async () => {
    const s = await signedIn();
    s.sim.setIpWhitelist(DEMO_APP_KEY, ['198.51.100.1']);
    const outcome = await s.engine.punch();
    const id = outcome.outcome === 'queued' || outcome.outcome === 'held' ? outcome.intentId : '';
    await until(s.engine, () => s.engine.outbox.get(id).state === 'held');
    expect(s.engine.snapshot().outbox).toEqual([
      expect.objectContaining({
        held: 'dingtalk',
        lastError: expect.objectContaining({ code: 'ipNotWhitelisted' }),
      }),
    ]);

    // IT fixes the whitelist: Send now is decided afresh by the server (not its old refusal).
    s.sim.setIpWhitelist(DEMO_APP_KEY, null);
    const again = await s.engine.sendHeld(id);
    expect(again).not.toMatchObject({ reason: { code: 'ipNotWhitelisted' } });
    await until(s.engine, () => s.engine.snapshot().outbox.length === 0);
    const records = s.sim.records.filter((r) => r.userId === DEMO_USERS.fixed);
    expect(records.map((r) => r.userCheckTime)).toEqual([START]);
  });
});
