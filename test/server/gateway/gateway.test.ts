/**
 * The gateway against the simulator (which enforces 20 calls/s per app per API
 * with 90018), on a virtual clock: the simulator's frozen clock only moves when
 * the gateway sleeps, so a burst that would take seconds runs in milliseconds
 * and the simulator's rate window still sees every call at its simulated time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { createDingTalkClient } from '../../../main/dingtalk/client';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  DEMO_USERS,
  SimClock,
  type Simulator,
  startSimulator,
  demoOrg,
} from '../../../main/dingtalk/simulator';
import { createGateway } from '../../../server/dingtalk/gateway';

const UPLOAD = '/topapi/attendance/record/upload';
const START = Date.parse('2026-11-24T01:00:00Z'); // 09:00 Shanghai, a Tuesday

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function setup(users = 0) {
  const s = await startSimulator({ org: demoOrg(), clock: new SimClock({ start: START }) });
  sim = s;
  for (let i = 0; i < users; i += 1) {
    s.addUser({ userid: `burst${i}`, name: `员工${i}`, mobile: `1390000${i}`, unionId: `u${i}` });
  }
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
    s.clock.advance(ms);
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  const client = createDingTalkClient({
    config: { appKey: DEMO_APP_KEY, appSecret: DEMO_APP_SECRET, ...s.urls },
    clock: s.clock,
    sleep,
  });
  return { s, client, sleep, sleeps };
}

const upload = (userId: string, at: number) => ({
  userId,
  deviceId: 'gateway-test-device',
  deviceName: 'Daka · test',
  userCheckTime: at,
});

const throttled = (s: Simulator) =>
  s.requests.filter((r) => r.path === UPLOAD && String(r.errcode) === '90018').length;

describe('gateway', () => {
  it('keeps a burst of 120 uploads under DingTalk’s 20 calls/s: no 90018, all recorded', async () => {
    const { s, client, sleep } = await setup(120);
    const gateway = createGateway({ api: client, clock: s.clock, sleep });
    await client.getAccessToken();
    const at = s.clock.now();
    const results = await Promise.all(
      Array.from({ length: 120 }, (_, i) => gateway.uploadPunch(upload(`burst${i}`, at))),
    );
    expect(results).toHaveLength(120);
    expect(throttled(s)).toBe(0);
    expect(s.records.filter((r) => r.deviceId === 'gateway-test-device')).toHaveLength(120);
    // Paced, not merely lucky: 120 calls at 18/s span at least six simulated seconds.
    expect(s.clock.now() - at).toBeGreaterThanOrEqual(6000);
  });

  it('the same burst without the gateway is throttled (the test above can fail)', async () => {
    const { s, client } = await setup(60);
    await client.getAccessToken();
    const at = s.clock.now();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) => client.uploadPunch(upload(`burst${i}`, at))),
    );
    expect(throttled(s)).toBeGreaterThan(0);
    const rejected = outcomes.filter((o) => o.status === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
  });

  it('retries a clean 90018 / -1 refusal of an upload after ≥ 1 s, once recorded', async () => {
    const { s, client, sleep, sleeps } = await setup();
    const gateway = createGateway({ api: client, clock: s.clock, sleep });
    s.fault(UPLOAD, { errcode: 90018 }, { times: 1 });
    s.fault(UPLOAD, { errcode: -1 }, { times: 1 });
    const receipt = await gateway.uploadPunch(upload(DEMO_USERS.fixed, s.clock.now()));
    expect(receipt).toBeDefined();
    expect(s.requests.filter((r) => r.path === UPLOAD)).toHaveLength(3);
    expect(s.records.filter((r) => r.deviceId === 'gateway-test-device')).toHaveLength(1);
    expect(sleeps.filter((ms) => ms >= 1000).length).toBeGreaterThanOrEqual(2);
  });

  it('gives up after the bounded retries and never retries an unknown outcome', async () => {
    const { s, client, sleep } = await setup();
    const gateway = createGateway({ api: client, clock: s.clock, sleep, maxRetries: 2 });
    s.fault(UPLOAD, { errcode: 90018 });
    await expect(
      gateway.uploadPunch(upload(DEMO_USERS.fixed, s.clock.now())),
    ).rejects.toMatchObject({
      code: 'rateLimited',
    });
    expect(s.requests.filter((r) => r.path === UPLOAD)).toHaveLength(3);
    s.clearFaults();
    s.clearLog();
    s.fault(UPLOAD, { drop: 'after' }, { times: 1 });
    await expect(
      gateway.uploadPunch(upload(DEMO_USERS.fixed, s.clock.now())),
    ).rejects.toMatchObject({
      code: 'outcomeUnknown',
    });
    expect(s.requests.filter((r) => r.path === UPLOAD)).toHaveLength(1);
  });
});

describe('gateway and single-use calls', () => {
  it('does not retry a sign-in code exchange after a 5xx that may have used the code', async () => {
    const { s, client, sleep } = await setup();
    const gateway = createGateway({ api: client, clock: s.clock, sleep });
    const path = '/v1.0/oauth2/userAccessToken';
    s.fault(path, { status: 502 }, { times: 1 });
    await expect(gateway.userAccessToken('a-single-use-code-0123456789')).rejects.toMatchObject({
      code: 'dingtalkBusy',
    });
    // The client makes this call once by design (the code works once); the gateway must too.
    expect(s.requests.filter((r) => r.path === path)).toHaveLength(1);
  });
});

describe('gateway wrapping', () => {
  it('limits every async method, a newly added one too, and leaves local ones synchronous', async () => {
    let now = 0;
    const clock = { now: () => now };
    const sleep = async (ms: number) => {
      now += ms;
      await Promise.resolve();
    };
    const starts: Record<string, number[]> = {};
    const note = (name: string) => (starts[name] ??= []).push(now);
    const api = {
      schedulesByUsers: async (ids: string[]) => {
        note('schedulesByUsers');
        return ids.length;
      },
      listRecords: async () => {
        note('listRecords');
        return [];
      },
      authorizeUrl: (uri: string, state: string) => `${uri}?state=${state}`,
      clockSkewMs: () => 42,
      robot: { name: 'robot' },
    };
    const gateway = createGateway({ api, clock, sleep, perSecond: 2 });
    expect(gateway.authorizeUrl('http://x', 's')).toBe('http://x?state=s');
    expect(gateway.clockSkewMs()).toBe(42);
    expect(gateway.robot).toBe(api.robot);
    await Promise.all([
      ...Array.from({ length: 6 }, () => gateway.schedulesByUsers(['a'])),
      ...Array.from({ length: 2 }, () => gateway.listRecords()),
    ]);
    // Six calls at two per second: the last starts two windows after the first.
    expect(starts.schedulesByUsers).toHaveLength(6);
    expect((starts.schedulesByUsers ?? []).at(-1)).toBeGreaterThanOrEqual(2000);
    // Another method has its own window: not delayed by the first one's queue.
    expect(starts.listRecords).toEqual([0, 0]);
  });

  it('passes other errors through unchanged', async () => {
    const api = {
      fails: async () => {
        throw new AppError('missingPermission', 'no');
      },
    };
    const gateway = createGateway({ api, clock: { now: () => 0 }, sleep: async () => undefined });
    await expect(gateway.fails()).rejects.toMatchObject({ code: 'missingPermission' });
  });
});
