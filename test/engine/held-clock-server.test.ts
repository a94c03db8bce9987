/**
 * Review of #10 item 14: in company server mode a punch the server refuses as ahead of its
 * clock (punchInFuture) is held by this computer's clock, not by DingTalk: the outbox names
 * the cause 'clock' (the popup and the notification say "your computer's clock is ahead of
 * the server's: turn on automatic time"), against the REAL Daka Server and the simulator.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../main/dingtalk/simulator';
import { punchNotificationOptions } from '../../main/shell/notifier';
import type { Translate } from '../../main/shell/text';
import { type AnyMessageKey, translate } from '../../shared/i18n';
import { type ServerDesktop, startServerDesktop, until } from '../helpers/server-desktop';

let setup: ServerDesktop | null = null;
afterEach(async () => {
  await setup?.close();
  setup = null;
});

async function signedIn(): Promise<ServerDesktop & { runAhead(ms: number): void }> {
  setup = await startServerDesktop({
    // A strict administrator: 10 s (the proof's own iat is taken within 60 s).
    env: { DAKA_SERVER_ALLOWED_CLOCK_DIFFERENCE_SECONDS: '10' },
  });
  return { ...setup, runAhead: setup.wire.runAhead };
}

describe('a punch the server refuses as in the future', () => {
  it("is held by this computer's clock ('clock'), not by DingTalk", async () => {
    const s = await signedIn();
    s.runAhead(45_000);
    const outcome = await s.engine.punch();
    const id = outcome.outcome === 'queued' || outcome.outcome === 'held' ? outcome.intentId : '';
    await until(s.engine, () => s.engine.outbox.get(id).state === 'held');
    expect(s.engine.snapshot().outbox).toEqual([
      expect.objectContaining({
        state: 'held',
        held: 'clock',
        lastError: expect.objectContaining({ code: 'punchInFuture' }),
      }),
    ]);
    expect(s.sim.records.filter((r) => r.userId === DEMO_USERS.fixed)).toEqual([]);

    // The notification of the held punch says the same, in both languages.
    const held = {
      outcome: 'held' as const,
      type: 'OnDuty' as const,
      at: '2026-11-23T08:58:45+08:00',
      intentId: id,
      reason: { code: 'punchInFuture' as const, message: 'ahead', detail: { limit: 10 } },
    };
    for (const [lang, text] of [
      ['zh-CN', '你的电脑时间比服务器快，请打开自动对时'],
      ['en', 'This computer’s clock is ahead of the server’s: turn on automatic time'],
    ] as const) {
      const t: Translate = (key, vars) => translate(lang, key as AnyMessageKey, vars);
      expect(punchNotificationOptions(held, t, null, 'clock')?.body).toContain(text);
    }
  });
});
