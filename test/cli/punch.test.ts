/**
 * `daka punch` and `daka outbox`: the documented outcomes and exit codes
 * (0 punched, 2 needs confirmation, 3 queued or held, 1 unavailable), offline
 * punches waiting in the outbox, sending one by id prefix, discarding one,
 * and a punch held past the administrator's max offline age.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../main/dingtalk/simulator';
import { translate } from '../../shared/i18n';
import type { OutboxEntry, PunchOutcome } from '../../shared/model';
import { type CliFixture, expectOneLine, FRIDAY, at, startCli } from './harness';

const UPLOAD = '/topapi/attendance/record/upload';
const MINUTE = 60_000;

let fx: CliFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

function must(): CliFixture {
  if (!fx) throw new Error('no fixture');
  return fx;
}

/** The user_check_time of every record the simulator holds for 张伟. */
function recordTimes(): number[] {
  return must()
    .sim.records.filter((r) => r.userId === DEMO_USERS.fixed)
    .map((r) => r.userCheckTime);
}

async function outbox(env = must().env): Promise<OutboxEntry[]> {
  const r = await must().run(['outbox', '--json'], env);
  expect(r).toMatchObject({ code: 0, stderr: '' });
  return JSON.parse(r.stdout) as OutboxEntry[];
}

describe('daka punch', () => {
  it('punches: exit 0 and the documented JSON; status then shows it', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:58:00` });
    const r = await fx.run(['punch', '--json']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const outcome = JSON.parse(r.stdout) as PunchOutcome;
    expect(Object.keys(outcome).sort()).toEqual(['at', 'intentId', 'outcome', 'type']);
    expect(outcome).toEqual({
      outcome: 'punched',
      type: 'OnDuty',
      at: `${FRIDAY}T08:58:00+08:00`,
      intentId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(recordTimes()).toEqual([at(`${FRIDAY} 08:58:00`)]);

    const status = await fx.run(['status', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      next: 'OffDuty',
      checkPoints: [
        { type: 'OnDuty', state: 'done', punchedAt: `${FRIDAY}T08:58:00+08:00` },
        { type: 'OffDuty', state: 'pending' },
      ],
    });
  });

  it('prints a punch in words, in the chosen language', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:58:00` });
    const r = await fx.run(['punch', '--lang', 'zh-CN']);
    expect(r).toEqual({
      code: 0,
      stdout: `✓ ${translate('zh-CN', 'punchAction.OnDuty')} 08:58\n`,
      stderr: '',
    });
  });

  it('says an early clock-out is early (before the planned time) and asks for --yes', async () => {
    fx = await startCli({ start: `${FRIDAY} 16:30:00` });
    fx.sim.injectRecord({ userId: DEMO_USERS.fixed, userCheckTime: at(`${FRIDAY} 08:50:00`) });
    const words = await fx.run(['punch', '--lang', 'zh-CN']);
    expect(words.code).toBe(2);
    expect(words.stdout).toContain(translate('zh-CN', 'cli.earlyBefore'));
    expect(words.stdout).toContain(translate('zh-CN', 'cli.confirmEarlyWithYes'));
    expect(words.stdout).not.toContain(translate('zh-CN', 'cli.alreadyPunched'));
    expect(fx.paths()).not.toContain(UPLOAD);
  });

  it('asks before a second clock-out within 10 minutes (exit 2); --yes punches again', async () => {
    fx = await startCli({ start: `${FRIDAY} 18:05:00` });
    fx.sim.injectRecord({ userId: DEMO_USERS.fixed, userCheckTime: at(`${FRIDAY} 08:50:00`) });
    const first = await fx.run(['punch', '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ outcome: 'punched', type: 'OffDuty' });

    fx.sim.clock.set(at(`${FRIDAY} 18:08:00`));
    fx.sim.clearLog();
    const again = await fx.run(['punch', '--json']);
    expect(again).toMatchObject({ code: 2, stderr: '' });
    expect(JSON.parse(again.stdout)).toEqual({
      outcome: 'needs-confirmation',
      type: 'OffDuty',
      at: `${FRIDAY}T18:08:00+08:00`,
      previousAt: `${FRIDAY}T18:05:00+08:00`,
    });
    expect(fx.paths()).not.toContain(UPLOAD);

    const words = await fx.run(['punch']);
    expect(words).toEqual({
      code: 2,
      stdout: `${translate('en', 'punchAction.OffDuty')}: ${translate('en', 'cli.alreadyPunched')} 18:05 — ${translate('en', 'cli.confirmWithYes')}\n`,
      stderr: '',
    });

    const confirmed = await fx.run(['punch', '--json', '--yes']);
    expect(confirmed.code).toBe(0);
    expect(JSON.parse(confirmed.stdout)).toMatchObject({
      outcome: 'punched',
      type: 'OffDuty',
      at: `${FRIDAY}T18:08:00+08:00`,
    });
    expect(recordTimes()).toEqual([
      at(`${FRIDAY} 08:50:00`),
      at(`${FRIDAY} 18:05:00`),
      at(`${FRIDAY} 18:08:00`),
    ]);
  });

  it('is unavailable when the provisioning policy turns punching off: exit 1, one line', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:58:00` });
    const file = fx.writeFile(
      'daka.json',
      JSON.stringify(fx.provisioning({ policies: { punchingEnabled: false } })),
    );
    expect((await fx.run(['config', 'import', file])).code).toBe(0);
    fx.sim.clearLog();

    const line = `daka: ${translate('en', 'cli.unavailable')}: ${translate('en', 'error.punchingDisabled.message')} — ${translate('en', 'error.punchingDisabled.fix')}`;
    const json = await fx.run(['punch', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      outcome: 'unavailable',
      at: `${FRIDAY}T08:58:00+08:00`,
      reason: { code: 'punchingDisabled' },
    });
    expect(expectOneLine(json.stderr)).toBe(line);

    const words = await fx.run(['punch']);
    expect(words.code).toBe(1);
    expect(words.stdout).toBe('');
    expect(expectOneLine(words.stderr)).toBe(line);
    expect(fx.paths()).not.toContain(UPLOAD);
    expect(recordTimes()).toEqual([]);
  });
});

describe('daka punch offline and daka outbox', () => {
  it('queues offline (exit 3), lists it, and `outbox send <prefix>` sends it with its own time', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:58:00` });
    const offline = await fx.offlineEnv();
    const r = await fx.run(['punch', '--json'], offline);
    expect(r).toMatchObject({ code: 3, stderr: '' });
    const queued = JSON.parse(r.stdout) as Extract<PunchOutcome, { outcome: 'queued' }>;
    expect(queued).toEqual({
      outcome: 'queued',
      type: 'OnDuty',
      at: `${FRIDAY}T08:58:00+08:00`,
      intentId: expect.any(String),
      reason: expect.objectContaining({ code: 'networkDown' }),
    });
    expect(recordTimes()).toEqual([]);

    fx.sim.clock.advance(3 * MINUTE);
    const waiting = await outbox(offline);
    expect(waiting).toEqual([
      expect.objectContaining({
        id: queued.intentId,
        userId: DEMO_USERS.fixed,
        type: 'OnDuty',
        at: `${FRIDAY}T08:58:00+08:00`,
        state: 'pending',
        lastError: expect.objectContaining({ code: 'networkDown' }),
      }),
    ]);
    const words = await fx.run(['outbox'], offline);
    expect(words.stdout).toMatch(
      new RegExp(`^${queued.intentId.slice(0, 8)}  ${translate('en', 'checkType.OnDuty')}  `),
    );

    // Back online: sent by an 8-character prefix, with the click's time, not the sending time.
    const sent = await fx.run(['outbox', 'send', queued.intentId.slice(0, 8), '--json']);
    expect(sent).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(sent.stdout)).toEqual({
      outcome: 'punched',
      type: 'OnDuty',
      at: `${FRIDAY}T08:58:00+08:00`,
      intentId: queued.intentId,
    });
    expect(recordTimes()).toEqual([at(`${FRIDAY} 08:58:00`)]);
    expect(await outbox()).toEqual([]);
    expect((await fx.run(['outbox'])).stdout).toBe(`${translate('en', 'cli.outboxEmpty')}\n`);
  });

  it('discards a waiting punch by id: it never reaches DingTalk', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:58:00` });
    const offline = await fx.offlineEnv();
    const r = await fx.run(['punch', '--json'], offline);
    expect(r.code).toBe(3);
    const { intentId } = JSON.parse(r.stdout) as { intentId: string };

    const discarded = await fx.run(['outbox', 'discard', intentId, '--json'], offline);
    expect(discarded).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(discarded.stdout)).toEqual({ discarded: intentId });
    expect(await outbox(offline)).toEqual([]);

    // Online again: nothing goes out.
    expect((await fx.run(['status'])).code).toBe(0);
    expect(fx.paths()).not.toContain(UPLOAD);
    expect(recordTimes()).toEqual([]);
  });

  it('refuses an id that matches nothing: exit 1, one line', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:58:00` });
    const r = await fx.run(['outbox', 'send', 'feedbeef']);
    expect(r.code).toBe(1);
    expect(expectOneLine(r.stderr)).toContain(translate('en', 'error.outboxEntryNotFound.message'));
    const missing = await fx.run(['outbox', 'discard']);
    expect(missing.code).toBe(1);
    expect(expectOneLine(missing.stderr)).toContain(translate('en', 'cli.field', { field: 'id' }));
  });

  it('holds a punch older than the max offline age: never sent by itself, sent on request', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:58:00` });
    const offline = await fx.offlineEnv();
    const r = await fx.run(['punch', '--json'], offline);
    expect(r.code).toBe(3);
    const { intentId } = JSON.parse(r.stdout) as { intentId: string };

    // 16 minutes later (the default max is 15), still offline.
    fx.sim.clock.advance(16 * MINUTE);
    expect(await outbox(offline)).toEqual([
      expect.objectContaining({ id: intentId, state: 'held', at: `${FRIDAY}T08:58:00+08:00` }),
    ]);

    // Online: status does not send it behind the employee's back.
    expect((await fx.run(['status'])).code).toBe(0);
    expect(fx.paths()).not.toContain(UPLOAD);
    expect(recordTimes()).toEqual([]);

    const sent = await fx.run(['outbox', 'send', intentId, '--json']);
    expect(sent.code).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({
      outcome: 'punched',
      at: `${FRIDAY}T08:58:00+08:00`,
    });
    expect(recordTimes()).toEqual([at(`${FRIDAY} 08:58:00`)]);
  });

  it('exits 3 with `held` when DingTalk refuses the upload, and the punch waits to be discarded', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:58:00` });
    fx.sim.fault(UPLOAD, { errcode: 400002 }, { times: 1 });
    const r = await fx.run(['punch', '--json']);
    expect(r).toMatchObject({ code: 3, stderr: '' });
    const held = JSON.parse(r.stdout) as Extract<PunchOutcome, { outcome: 'held' }>;
    expect(held).toEqual({
      outcome: 'held',
      type: 'OnDuty',
      at: `${FRIDAY}T08:58:00+08:00`,
      intentId: expect.any(String),
      reason: expect.objectContaining({ code: 'badRequest' }),
    });
    expect(await outbox()).toEqual([expect.objectContaining({ id: held.intentId, state: 'held' })]);

    const words = await fx.run(['outbox', 'discard', held.intentId.slice(0, 8)]);
    expect(words).toEqual({
      code: 0,
      stdout: `${translate('en', 'cli.discarded')} ${held.intentId}\n`,
      stderr: '',
    });
    expect(await outbox()).toEqual([]);
    expect(recordTimes()).toEqual([]);
  });
});
