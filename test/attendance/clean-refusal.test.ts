/**
 * Issue #10 item 7: DingTalk's clean refusals of the upload, -1 (busy) and
 * 90018 (throttled), mean nothing was recorded: the punch is sent again at once
 * (after ≥ 1 s, bounded), in the app and within one CLI run, and reported as
 * punched, never as "queued, offline".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { at, type Fixture, startFixture } from '../helpers/engine-fixture';
import { type CliFixture, FRIDAY, startCli } from '../cli/harness';

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
  ])('%s twice, then accepted: punched, one record, three uploads', async (_name, errcode) => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    await fx.engine.open();
    fx.sim.clock.set(at(`${FRIDAY} 08:58:00`));
    fx.sim.fault(UPLOAD, { errcode }, { times: 2 });
    fx.sim.clearLog();
    const outcome = await fx.engine.punch();
    expect(outcome).toMatchObject({ outcome: 'punched', type: 'OnDuty' });
    expect(fx.paths().filter((p) => p === UPLOAD)).toHaveLength(3);
    expect(fx.sim.records.filter((r) => r.userId === fx?.userId)).toHaveLength(1);
    expect(fx.engine.snapshot().outbox).toEqual([]);
  });

  it('a busy DingTalk that stays busy: queued as busy (not offline), bounded attempts', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    await fx.engine.open();
    fx.sim.clock.set(at(`${FRIDAY} 08:58:00`));
    fx.sim.fault(UPLOAD, { errcode: -1 });
    fx.sim.clearLog();
    const outcome = await fx.engine.punch();
    expect(outcome.outcome).toBe('queued');
    expect(outcome.outcome === 'queued' && outcome.reason.code).toBe('dingtalkBusy');
    // maxAttempts 3 in the fixture: no storm.
    expect(fx.paths().filter((p) => p === UPLOAD)).toHaveLength(3);
    expect(fx.sim.records.filter((r) => r.userId === fx?.userId)).toHaveLength(0);
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
