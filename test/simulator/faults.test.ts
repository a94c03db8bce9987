import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../main/dingtalk/simulator';
import type { Simulator } from '../../main/dingtalk/simulator';
import { TUESDAY, appToken, listByDay, startAt, upload } from './helpers';

let sim: Simulator;
let token: string;
beforeEach(async () => {
  sim = await startAt(`${TUESDAY} 08:58:00`);
  token = await appToken(sim);
});
afterEach(async () => {
  await sim.close();
});

const UPLOAD = '/topapi/attendance/record/upload';
const { fixed } = DEMO_USERS;

function rawUpload(signal?: AbortSignal): Promise<Response> {
  return fetch(`${sim.urls.oapiBase}${UPLOAD}?access_token=${token}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      userid: fixed,
      device_name: 'Daka',
      device_id: 'dev',
      user_check_time: sim.clock.now(),
    }),
    signal,
  });
}

describe('fault injection', () => {
  it('delays the handling with latencyMs', async () => {
    sim.fault(UPLOAD, { latencyMs: 5000 });
    await expect(rawUpload(AbortSignal.timeout(100))).rejects.toThrow();
    expect(sim.requests.at(-1)?.fault).toBe('latency:5000');
    sim.clearFaults();
    sim.fault(UPLOAD, { latencyMs: 20 }, { times: 1 });
    expect((await upload(sim, token, fixed, sim.clock.now())).json.errcode).toBe(0);
  });

  it('answers a gateway error page without handling the request', async () => {
    for (const status of [500, 502, 503] as const) {
      sim.fault(UPLOAD, { status }, { times: 1 });
      const res = await rawUpload();
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('text/html');
    }
    expect(sim.records).toHaveLength(0);
  });

  it("drops the connection before handling ('drop'): nothing recorded", async () => {
    sim.fault(UPLOAD, 'drop', { times: 1 });
    await expect(rawUpload()).rejects.toThrow();
    expect(sim.records).toHaveLength(0);
    expect(sim.requests.at(-1)).toMatchObject({ path: UPLOAD, status: null, fault: 'drop' });
    expect((await upload(sim, token, fixed, sim.clock.now())).json.errcode).toBe(0);
  });

  it('drops the connection after handling: the punch IS recorded', async () => {
    sim.fault(UPLOAD, { drop: 'after' }, { times: 1 });
    await expect(rawUpload()).rejects.toThrow();
    expect(sim.records).toHaveLength(1);
    expect(sim.requests.at(-1)).toMatchObject({ status: null, fault: 'drop:after' });
  });

  it('handles the request but replies late with replyAfterMs (outcome unknown)', async () => {
    sim.fault(UPLOAD, { replyAfterMs: 5000 }, { times: 1 });
    await expect(rawUpload(AbortSignal.timeout(200))).rejects.toThrow();
    expect(sim.records).toHaveLength(1);
  });

  it('answers an injected errcode, then recovers after `times`', async () => {
    sim.fault(UPLOAD, { errcode: -1 }, { times: 2 });
    expect((await upload(sim, token, fixed, sim.clock.now())).json).toMatchObject({
      errcode: -1,
      errmsg: '系统繁忙',
    });
    const second = await upload(sim, token, fixed, sim.clock.now());
    expect(second.json.errcode).toBe(-1);
    expect(typeof second.json.request_id).toBe('string');
    expect(sim.records).toHaveLength(0);
    expect((await upload(sim, token, fixed, sim.clock.now())).json.errcode).toBe(0);
    sim.fault(UPLOAD, { errcode: 90018, errmsg: 'slow down' }, { times: 1 });
    expect((await upload(sim, token, fixed, sim.clock.now())).json).toMatchObject({
      errcode: 90018,
      errmsg: 'slow down',
    });
  });

  it("revokes the app's token just before handling ('revokeToken')", async () => {
    sim.fault(UPLOAD, 'revokeToken', { times: 1 });
    expect((await upload(sim, token, fixed, sim.clock.now())).json.errcode).toBe(40001);
    const fresh = await appToken(sim);
    expect(fresh).not.toBe(token);
    expect((await upload(sim, fresh, fixed, sim.clock.now())).json.errcode).toBe(0);
  });

  it("handles the request and sends broken JSON ('malformedJson')", async () => {
    sim.fault(UPLOAD, 'malformedJson', { times: 1 });
    const res = await rawUpload();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow();
    expect(sim.records).toHaveLength(1);
  });

  it('imitates the IP flood ban, as an HTML page or as JSON', async () => {
    sim.fault(UPLOAD, 'floodBanHtml', { times: 1 });
    const html = await rawUpload();
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(await html.text()).toContain('访问受限');
    sim.fault(UPLOAD, 'floodBanJson', { times: 1 });
    const json = await (await rawUpload()).json();
    expect(json).toMatchObject({ status: 1111, wait: 5 });
    expect(sim.records).toHaveLength(0);
  });

  it("applies '*' faults to every path and clears them", async () => {
    sim.fault('*', { status: 503 });
    expect((await listByDay(sim, token, fixed, sim.clock.now())).status).toBe(503);
    expect((await rawUpload()).status).toBe(503);
    sim.clearFaults();
    expect((await listByDay(sim, token, fixed, sim.clock.now())).json.errcode).toBe(0);
  });

  it('closes while a late reply is pending', async () => {
    sim.fault(UPLOAD, { replyAfterMs: 60_000 });
    const pending = rawUpload().catch((error: unknown) => error);
    while (sim.records.length === 0) await new Promise((r) => setTimeout(r, 5));
    await sim.close();
    expect(await pending).toBeInstanceOf(Error);
    sim = await startAt(`${TUESDAY} 08:58:00`);
  });
});
