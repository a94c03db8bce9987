import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createRobotSender, robotSign, type CallEvent } from '../../main/dingtalk';
import {
  oapiError,
  oapiOk,
  rejection,
  startFixture,
  testClient,
  type Fixture,
} from './fixture-server';

let fixture: Fixture;

afterEach(async () => {
  await fixture?.close();
});

const SECRET = 'SEC1c4e2b9f0a7d3e5f6a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1';
const target = { accessToken: 'robot-token-9', secret: SECRET };
const message = { msgtype: 'text' as const, text: { content: '已打卡 09:01' } };

describe('robotSign', () => {
  it('matches an independently computed HmacSHA256 → Base64 → URL-encode vector', () => {
    const timestamp = 1_700_000_000_000;
    const independent = encodeURIComponent(
      createHmac('sha256', Buffer.from(SECRET, 'utf8'))
        .update(Buffer.from(`${timestamp}\n${SECRET}`, 'utf8'))
        .digest()
        .toString('base64'),
    );
    expect(robotSign(timestamp, SECRET)).toBe(independent);
  });

  it('matches a vector precomputed outside Node (Python hmac/base64/urllib)', () => {
    expect(robotSign(1_700_000_000_000, SECRET)).toBe(
      'sqWYykeZsZaoz1IbK6%2Ft6enYo58%2BSLzKIK2oGXivFJ8%3D',
    );
  });
});

describe('the robot webhook', () => {
  it('posts the message to /robot/send with access_token, timestamp and a sign DingTalk can verify', async () => {
    fixture = await startFixture({ '/robot/send': oapiOk() });
    const now = 1_764_291_480_123;
    const { client, events } = testClient(fixture, { clock: { now: () => now } });

    await client.robot.send(target, message);

    const [req] = fixture.hits('/robot/send');
    expect(req?.method).toBe('POST');
    expect(req?.body).toEqual(message);
    expect(req?.query.access_token).toBe('robot-token-9');
    expect(req?.query.timestamp).toBe(String(now));
    // What the server recomputes from the decoded query must equal what it received.
    const expected = createHmac('sha256', SECRET)
      .update(`${req?.query.timestamp}\n${SECRET}`)
      .digest('base64');
    expect(req?.query.sign).toBe(expected);
    expect(events).toEqual([
      expect.objectContaining({ api: 'robot', quotaCounted: false, token: false, ok: true }),
    ]);
  });

  it('signs with DingTalk’s clock when the skew is known', async () => {
    const local = Date.UTC(2026, 10, 28, 1, 0, 0);
    const serverDate = new Date(local + 3600_000).toUTCString();
    fixture = await startFixture({
      '/robot/send': { json: { errcode: 0, errmsg: 'ok' }, headers: { date: serverDate } },
    });
    const { client } = testClient(fixture, { clock: { now: () => local } });

    await client.robot.send(target, message);
    await client.robot.send(target, message);

    const [first, second] = fixture.hits('/robot/send');
    expect(first?.query.timestamp).toBe(String(local));
    // Skew interval [3 600 000, 3 601 000] → its midpoint.
    expect(second?.query.timestamp).toBe(String(local + 3_600_500));
  });

  it('errcode 310000 → robotSignature', async () => {
    fixture = await startFixture({
      '/robot/send': oapiError(310000, 'sign not match, more: [...]'),
    });
    const { client } = testClient(fixture);
    const error = await rejection(client.robot.send(target, message));
    expect(error.code).toBe('robotSignature');
    expect(error.detail).toMatchObject({ dingtalkCode: '310000', api: 'robot' });
  });

  it.each([300005, 660026, 410100])('errcode %s → robotRejected, sent once', async (errcode) => {
    fixture = await startFixture({ '/robot/send': oapiError(errcode, 'rejected') });
    const { client } = testClient(fixture);
    expect((await rejection(client.robot.send(target, message))).code).toBe('robotRejected');
    expect(fixture.hits('/robot/send')).toHaveLength(1);
  });

  it('is not resent after a gateway error (a resend could post twice)', async () => {
    fixture = await startFixture({ '/robot/send': { status: 502, text: '' } });
    const { client } = testClient(fixture, { config: { maxAttempts: 5 } });
    expect((await rejection(client.robot.send(target, message))).code).toBe('dingtalkBusy');
    expect(fixture.hits('/robot/send')).toHaveLength(1);
  });

  it('keeps the robot secret out of errors', async () => {
    fixture = await startFixture({ '/robot/send': oapiError(300001, `bad secret ${SECRET}`) });
    const { client } = testClient(fixture);
    const error = await rejection(client.robot.send(target, message));
    expect(JSON.stringify(error.detail)).not.toContain(SECRET);
  });

  it('works standalone, without app credentials', async () => {
    fixture = await startFixture({ '/robot/send': oapiOk() });
    const events: CallEvent[] = [];
    const robot = createRobotSender({ oapiBase: fixture.url, onCall: (e) => events.push(e) });

    await robot.send(target, {
      msgtype: 'markdown',
      markdown: { title: 'Daka', text: '**09:01**' },
    });

    expect(fixture.hits('/robot/send')[0]?.body).toEqual({
      msgtype: 'markdown',
      markdown: { title: 'Daka', text: '**09:01**' },
    });
    expect(fixture.hits('/gettoken')).toHaveLength(0);
    expect(events[0]).toMatchObject({ api: 'robot', quotaCounted: false });
  });
});
