/**
 * Review of #10/#11: the punch is corrected by DingTalk's clock (skewCorrection), and the
 * snapshot now carries that same correction (clockOffsetMs), so the popup and the tray judge
 * 早退 or not by the clock DingTalk records the punch by. At 17:55 here with DingTalk 7
 * minutes ahead the click is DingTalk's 18:02: a normal clock-out, not asked as early, and
 * the tray item (built from the snapshot as main does) says so. Against the simulator.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildTrayMenuTemplate } from '../../main/shell/tray';
import { translate } from '../../shared/i18n';
import type { AnyMessageKey } from '../../shared/i18n';
import { at, type Fixture, startFixture } from '../helpers/engine-fixture';

const FRIDAY = '2026-11-27';
const MINUTE = 60_000;
const zh = (key: string, vars?: Record<string, string | number>) =>
  translate('zh-CN', key as AnyMessageKey, vars);

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe("the snapshot carries DingTalk's clock offset", () => {
  it('17:55 here, DingTalk 7 minutes ahead: offered and punched as a normal clock-out', async () => {
    fx = await startFixture({ start: `${FRIDAY} 09:00:00` });
    await fx.engine.open();
    expect((await fx.engine.punch()).outcome).toBe('punched');
    expect(fx.engine.snapshot().clockOffsetMs).toBe(0);

    fx.sim.clock.set(at(`${FRIDAY} 17:55:00`));
    fx.sim.setDateSkew(7 * MINUTE);
    await fx.engine.refresh();
    const snapshot = fx.engine.snapshot();
    // The Date header has one-second resolution: 7 minutes give or take one second.
    expect(Math.abs(snapshot.clockOffsetMs - 7 * MINUTE)).toBeLessThanOrEqual(1000);
    expect(snapshot.clockOffsetMs % 1000).toBe(0);

    const here = fx.sim.clock.now();
    const item = buildTrayMenuTemplate(snapshot, zh, here + snapshot.clockOffsetMs)[0];
    expect(item).toMatchObject({ kind: 'action', action: 'punch', label: '下班打卡（18:00）' });
    // The engine's own rule (already corrected) agrees: a clock-out at DingTalk's 18:02, not asked.
    const punched = await fx.engine.punch();
    expect(punched.outcome).not.toBe('needs-confirmation');
    expect(punched.type).toBe('OffDuty');
    expect(Math.abs(Date.parse(punched.at) - (here + 7 * MINUTE))).toBeLessThanOrEqual(1000);
  });
});
