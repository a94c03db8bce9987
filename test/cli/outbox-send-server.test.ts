/**
 * `daka outbox send <id>` in company server mode (issue #10 item 14, review): the server
 * takes the punch and uploads it at once, so the command waits for DingTalk's answer as
 * `daka punch` does, and says sent (exit 0) when DingTalk has it, never "not sent" for a
 * punch the server accepted. Against the real Daka Server in front of the simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_APP_KEY, DEMO_USERS, type Simulator } from '../../main/dingtalk/simulator';
import { type ServerCli, startServerCli } from '../helpers/server-desktop';

let s: ServerCli;
let sim: Simulator;
let base: string;
const daka = (...args: string[]) => s.daka(...args);

beforeAll(async () => {
  s = await startServerCli({
    // Real pauses (short ones): the server's worker uploads on its own timer.
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50))),
  });
  ({ sim, base } = s);
});
afterAll(() => s.close());

describe('daka outbox send, company server mode', () => {
  it('a held punch sent again: waits for DingTalk like punch, then sent, exit 0', async () => {
    expect((await daka('login', '--server', base)).code).toBe(0);
    // DingTalk refuses the server's IP: the server refuses the punch, the desktop holds it.
    sim.setIpWhitelist(DEMO_APP_KEY, ['198.51.100.1']);
    const held = await daka('punch', '--json');
    expect(held.code, held.stderr).toBe(3);
    const { intentId, outcome } = JSON.parse(held.stdout) as { intentId: string; outcome: string };
    expect(outcome).toBe('held');

    sim.setIpWhitelist(DEMO_APP_KEY, null);
    const sent = await daka('outbox', 'send', intentId, '--json');
    expect(sent.stderr).toBe('');
    expect(sent.code).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({
      outcome: 'punched',
      at: '2026-11-23T08:58:00+08:00',
    });
    expect(sim.records.filter((r) => r.userId === DEMO_USERS.fixed)).toHaveLength(1);
  });
});
