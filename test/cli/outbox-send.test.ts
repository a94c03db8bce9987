/**
 * `daka outbox send <id>` sends, or says exactly why it did not (issue #10 item 14):
 * one line on stderr with the cause and its fix, the error as JSON with --json, exit 3
 * while the punch still waits in the outbox, 1 when it cannot be sent at all.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../main/dingtalk/simulator';
import { translate } from '../../shared/i18n';
import { type CliFixture, expectOneLine, FRIDAY, at, startCli } from './harness';

const UPLOAD = '/topapi/attendance/record/upload';
const IP_REFUSED = { errcode: 60020, errmsg: '访问ip不在白名单之中,request ip=203.0.113.7' };

let fx: CliFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

async function heldPunch(f: CliFixture): Promise<string> {
  f.sim.fault(UPLOAD, IP_REFUSED, { times: 1 });
  const r = await f.run(['punch', '--json']);
  expect(r.code).toBe(3);
  return (JSON.parse(r.stdout) as { intentId: string }).intentId;
}

describe('daka outbox send', () => {
  it('refused again (the IP whitelist): not sent, why, on one stderr line; JSON error; exit 3', async () => {
    const f = (fx = await startCli({ start: `${FRIDAY} 08:58:00` }));
    const id = await heldPunch(f);
    f.sim.fault(UPLOAD, IP_REFUSED, { times: 2 });

    const words = await f.run(['outbox', 'send', id.slice(0, 8)]);
    expect(words.code).toBe(3);
    expect(words.stdout).toBe('');
    const line = expectOneLine(words.stderr);
    expect(line).toContain(translate('en', 'cli.notSent'));
    expect(line).toContain(
      translate('en', 'error.ipNotWhitelisted.message', { ip: '203.0.113.7' }),
    );

    const json = await f.run(['outbox', 'send', id, '--json']);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toEqual({
      error: expect.objectContaining({ code: 'ipNotWhitelisted' }),
    });
    expectOneLine(json.stderr);
    expect(f.sim.records.filter((r) => r.userId === DEMO_USERS.fixed)).toEqual([]);
  });

  it('still offline: not sent, says the network is down, exit 3', async () => {
    const f = (fx = await startCli({ start: `${FRIDAY} 08:58:00` }));
    const offline = await f.offlineEnv();
    const queued = await f.run(['punch', '--json'], offline);
    const { intentId } = JSON.parse(queued.stdout) as { intentId: string };
    const r = await f.run(['outbox', 'send', intentId, '--json'], offline);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toEqual({
      error: expect.objectContaining({ code: 'networkDown' }),
    });
    expect(expectOneLine(r.stderr)).toContain(translate('en', 'error.networkDown.message'));
  });

  it('once DingTalk takes it: sent with its own time, exit 0, nothing on stderr', async () => {
    const f = (fx = await startCli({ start: `${FRIDAY} 08:58:00` }));
    const id = await heldPunch(f);
    f.sim.clock.advance(5 * 60_000);
    const r = await f.run(['outbox', 'send', id, '--json']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toMatchObject({
      outcome: 'punched',
      at: `${FRIDAY}T08:58:00+08:00`,
    });
    expect(f.sim.records.map((x) => x.userCheckTime)).toEqual([at(`${FRIDAY} 08:58:00`)]);
  });
});
