/**
 * Issue #10 item 7: DingTalk's clean refusals of the upload, -1 (busy) and
 * 90018 (throttled), mean nothing was recorded: the punch is sent again at once
 * (after ≥ 1 s, bounded), in the app and within one CLI run, and reported as
 * punched, never as "queued, offline". The outbox does it (direct mode): the
 * company server's gateway already does the same above its own client.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { directConnection } from '../../main/attendance/connection';
import { COME_BACK_RETRIES, Outbox } from '../../main/attendance/outbox';
import { MemoryStore } from '../../main/node-ports';
import { silentLogger } from '../../main/ports';
import { type CliFixture, FRIDAY, startCli } from '../cli/harness';
import { at, type Fixture, startFixture } from '../helpers/engine-fixture';

const UPLOAD = '/topapi/attendance/record/upload';

let fx: Fixture | undefined;
let cli: CliFixture | undefined;
afterEach(async () => {
  await fx?.close();
  await cli?.close();
  fx = undefined;
  cli = undefined;
});

describe('the app: a clean busy or throttled refusal of the upload', () => {
  it.each([
    ['-1 (busy)', -1],
    ['90018 (throttled)', 90018],
  ])('%s once, then accepted: punched, one record, two uploads', async (_name, errcode) => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    await fx.engine.open();
    fx.sim.clock.set(at(`${FRIDAY} 08:58:00`));
    fx.sim.fault(UPLOAD, { errcode }, { times: 1 });
    fx.sim.clearLog();
    const outcome = await fx.engine.punch();
    expect(outcome).toMatchObject({ outcome: 'punched', type: 'OnDuty' });
    expect(fx.paths().filter((p) => p === UPLOAD)).toHaveLength(2);
    expect(fx.sim.records.filter((r) => r.userId === fx?.userId)).toHaveLength(1);
    expect(fx.engine.snapshot().outbox).toEqual([]);
  });
});

describe('the outbox: pauses and bounds', () => {
  it('waits ≥ 1 s before each resend and gives up after the bounded retries as busy', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:58:00` });
    const client = fx.engine.api();
    const sleeps: number[] = [];
    const outbox = new Outbox({
      store: new MemoryStore(),
      api: () => directConnection(() => client),
      clock: fx.sim.clock,
      device: { id: 'dev-test', name: 'Daka · test' },
      maxOfflineMinutes: () => 60,
      logger: silentLogger,
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    });
    fx.sim.fault(UPLOAD, { errcode: -1 });
    fx.sim.clearLog();
    const intent = outbox.create(fx.userId, 'OnDuty', fx.sim.clock.now());
    const result = await outbox.send(intent.id);
    expect(result.state).toBe('queued');
    expect(result.state === 'queued' && result.error.code).toBe('dingtalkBusy');
    expect(fx.paths().filter((p) => p === UPLOAD)).toHaveLength(1 + COME_BACK_RETRIES);
    expect(sleeps).toHaveLength(COME_BACK_RETRIES);
    expect(sleeps.every((ms) => ms >= 1000)).toBe(true);
    expect(fx.sim.records.filter((r) => r.userId === fx?.userId)).toHaveLength(0);

    // An ambiguous failure is never resent blindly, whatever the retries allow.
    fx.sim.clearFaults();
    fx.sim.fault(UPLOAD, { drop: 'after' }, { times: 1 });
    fx.sim.clearLog();
    sleeps.length = 0;
    const second = outbox.create(fx.userId, 'OnDuty', fx.sim.clock.now() + 5000);
    await outbox.send(second.id);
    expect(fx.paths().filter((p) => p === UPLOAD)).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });
});

describe('the CLI: one run', () => {
  it('a single -1 on the upload: punched within the same run, exit 0', async () => {
    cli = await startCli({ start: `${FRIDAY} 08:58:00` });
    cli.sim.fault(UPLOAD, { errcode: -1 }, { times: 1 });
    const r = await cli.run(['punch', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: 'punched', type: 'OnDuty' });
    expect(cli.paths().filter((p) => p === UPLOAD)).toHaveLength(2);
    expect(cli.sim.records).toHaveLength(1);
  });
});
