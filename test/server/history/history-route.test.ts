/**
 * /v1/history on a whole Daka Server against the simulator: a month of the
 * signed-in employee's days from the server's batch caches (a cold month costs
 * a handful of counted DingTalk calls, a warm one none), only ever the caller's
 * own (no route takes a userid), and its limits.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../../main/dingtalk/simulator';
import { parseDingTalk } from '../../../shared/time';
import { PATHS } from '../../../shared/server-api';
import { type ServerFixture, signIn, startServer } from '../app-fixture';
import {
  HOLIDAY,
  LEAVE_DAY,
  MISSED_DAY,
  WORKED_SATURDAY,
  writeNovember,
} from '../../history/scenario';

const COUNTED = ['/topapi/attendance/schedule/listbyusers', '/attendance/listRecord'];
const NOVEMBER = `${PATHS.history}?from=2026-11-01&to=2026-11-27`;

let f: ServerFixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

async function november() {
  f = await startServer();
  f.clock.set(parseDingTalk('2026-11-27 12:00:00', 'Asia/Shanghai'));
  writeNovember(f.sim, '2026-11-27');
  const a = await signIn(f, DEMO_USERS.fixed);
  const b = await signIn(f, DEMO_USERS.colleague);
  // The start-up jobs ran before anyone signed in: nobody to read for, no calls to count.
  f.sim.clearLog();
  return { f, a, b };
}

const dingtalkCalls = (fx: ServerFixture) =>
  fx.sim.requests.filter((r) => COUNTED.includes(r.path)).length;

describe('/v1/history', () => {
  it('answers a month from the caches: a handful of calls cold, none warm', async () => {
    const { f: fx, a } = await november();
    const cold = await a.call('GET', NOVEMBER);
    expect(cold.status).toBe(200);
    // 27 dates: 4 listbyusers (a week each) and 4 listRecord (7 days each).
    const paths = fx.sim.requests.map((r) => r.path).filter((p) => COUNTED.includes(p));
    expect(paths.filter((p) => p === COUNTED[0])).toHaveLength(4);
    expect(paths.filter((p) => p === COUNTED[1])).toHaveLength(4);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const days = cold.json.days as any[];
    expect(days).toHaveLength(27);
    const day = (date: string) => days.find((d) => d.date === date);
    expect(day(WORKED_SATURDAY)).toMatchObject({ restDay: false });
    expect(day(WORKED_SATURDAY).checkPoints.map((c: { result: string }) => c.result)).toEqual([
      'Normal',
      'Normal',
    ]);
    expect(day(HOLIDAY)).toMatchObject({ restDay: true, checkPoints: [] });
    expect(day(LEAVE_DAY)).toMatchObject({ onLeave: true });
    expect(day(MISSED_DAY).checkPoints[1]).toMatchObject({ state: 'missed', result: 'NotSigned' });

    fx.sim.clearLog();
    const warm = await a.call('GET', NOVEMBER);
    expect(warm.status).toBe(200);
    expect(dingtalkCalls(fx)).toBe(0);
    expect(warm.json.days).toEqual(days.map((d) => ({ ...d })));
    expect(fx.logs.join('')).not.toContain('"level":50');
  });

  it("answers only the caller's own days and never takes a userid", async () => {
    const { a, b } = await november();
    const own = await b.call('GET', NOVEMBER);
    expect(own.status).toBe(200);
    // chenjing punched nothing: her 2 November is missed where zhangwei's is normal.
    const second = (reply: typeof own) =>
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      reply.json.days.find((d: any) => d.date === '2026-11-02').checkPoints[0].state;
    expect(second(own)).toBe('missed');
    expect(second(await a.call('GET', NOVEMBER))).toBe('done');
    for (const extra of ['userId=chenjing', 'userid=chenjing', 'user=chenjing']) {
      const reply = await a.call('GET', `${NOVEMBER}&${extra}`);
      expect(reply.status).toBe(400);
      expect(reply.json.error.code).toBe('invalidInput');
    }
  });

  it('refuses more than 31 dates, days to come and days beyond 180 without a call', async () => {
    const { f: fx, a } = await november();
    for (const query of [
      'from=2026-10-01&to=2026-11-27',
      'from=2026-11-20&to=2026-11-28',
      'from=2026-05-01&to=2026-05-31',
      'from=2026-11-10&to=2026-11-01',
      'from=2026-11-1&to=2026-11-27',
    ]) {
      const reply = await a.call('GET', `${PATHS.history}?${query}`);
      expect(reply.status, query).toBe(400);
      expect(reply.json.error.code).toBe('invalidInput');
    }
    expect(dingtalkCalls(fx)).toBe(0);
  });

  it('is in the OpenAPI document and needs a session', async () => {
    const { f: fx } = await november();
    const doc = (await (await fetch(`${fx.base}${PATHS.openapi}`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toContain(PATHS.history);
    const anonymous = await fetch(`${fx.base}${NOVEMBER}`);
    expect(anonymous.status).toBe(401);
  });
});
