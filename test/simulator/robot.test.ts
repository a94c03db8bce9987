import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ROBOT_SECRET, DEMO_ROBOT_TOKEN } from '../../main/dingtalk/simulator';
import type { Simulator } from '../../main/dingtalk/simulator';
import type { Res } from './helpers';
import { MONDAY, post, startAt } from './helpers';

let sim: Simulator;
beforeEach(async () => {
  sim = await startAt(`${MONDAY} 18:30:00`);
});
afterEach(async () => {
  await sim.close();
});

/** The documented recipe, written out independently of the simulator. */
function sign(timestamp: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

const text = (content: string) => ({ msgtype: 'text', text: { content } });

function send(
  opts: { token?: string; timestamp?: number; sign?: string; raw?: boolean } = {},
  body: unknown = text('该打卡了'),
): Promise<Res> {
  const timestamp = opts.timestamp ?? sim.clock.now();
  const signature = opts.sign ?? sign(timestamp, DEMO_ROBOT_SECRET);
  const encoded = opts.raw ? signature : encodeURIComponent(signature);
  return post(
    sim,
    `/robot/send?access_token=${opts.token ?? DEMO_ROBOT_TOKEN}&timestamp=${timestamp}&sign=${encoded}`,
    body,
  );
}

describe('robot webhook', () => {
  it('accepts a correctly signed message and keeps it', async () => {
    const res = await send();
    expect(res.json).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(sim.robotMessages).toHaveLength(1);
    expect(sim.robotMessages[0]).toMatchObject({
      accessToken: DEMO_ROBOT_TOKEN,
      msgtype: 'text',
      body: text('该打卡了'),
      at: sim.clock.now(),
    });
  });

  it('refuses a wrong signature or secret with 310000', async () => {
    const res = await send({ sign: sign(sim.clock.now(), 'SECwrong') });
    expect(res.json.errcode).toBe(310000);
    expect(res.json.errmsg).toContain('sign not match');
    expect(sim.robotMessages).toHaveLength(0);
  });

  it('needs the signature URL-encoded', async () => {
    // Find a timestamp whose signature has a '+', which decodes to a space unencoded.
    let ts = sim.clock.now();
    while (!sign(ts, DEMO_ROBOT_SECRET).includes('+')) ts -= 1;
    expect((await send({ timestamp: ts, raw: true })).json.errcode).toBe(310000);
    expect((await send({ timestamp: ts })).json.errcode).toBe(0);
  });

  it('accepts timestamps within one hour of its clock only', async () => {
    const now = sim.clock.now();
    expect((await send({ timestamp: now - 59 * 60_000 })).json.errcode).toBe(0);
    expect((await send({ timestamp: now + 59 * 60_000 })).json.errcode).toBe(0);
    expect((await send({ timestamp: now - 61 * 60_000 })).json.errcode).toBe(310000);
    expect((await send({ timestamp: now + 61 * 60_000 })).json.errcode).toBe(310000);
  });

  it('answers 300001 for an unknown robot token', async () => {
    expect((await send({ token: 'no-such-robot' })).json.errcode).toBe(300001);
  });

  it('throttles a robot to 20 messages a minute with 410100', async () => {
    for (let i = 0; i < 20; i++) expect((await send()).json.errcode).toBe(0);
    expect((await send()).json.errcode).toBe(410100);
    sim.clock.advance(60_000);
    expect((await send()).json.errcode).toBe(0);
    expect(sim.robotMessages).toHaveLength(21);
  });

  it('checks the message shape', async () => {
    expect((await send({}, { text: { content: 'x' } })).json.errcode).toBe(40035);
    expect((await send({}, { msgtype: 'markdown' })).json.errcode).toBe(40035);
    const md = { msgtype: 'markdown', markdown: { title: '打卡', text: '### 记得打卡' } };
    expect((await send({}, md)).json.errcode).toBe(0);
  });

  it('lets robots without 加签 post unsigned', async () => {
    sim.addRobot({ accessToken: 'keyword-robot', secret: null });
    const res = await post(sim, '/robot/send?access_token=keyword-robot', text('打卡'));
    expect(res.json.errcode).toBe(0);
  });
});
