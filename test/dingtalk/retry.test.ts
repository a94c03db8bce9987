import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MemoryTokenStore,
  TOKEN_ROUTE,
  oapiError,
  oapiOk,
  rejection,
  startFixture,
  testClient,
  type Fixture,
  type FixtureReply,
} from './fixture-server';

let fixture: Fixture;

afterEach(async () => {
  await fixture?.close();
});

const GROUP = '/topapi/attendance/getusergroup';
const UPLOAD = '/topapi/attendance/record/upload';
const groupOk = oapiOk({ result: { group_id: 1, name: 'g', type: 'FIXED', classes: [] } });
const punch = () => ({
  userId: 'u1',
  deviceId: 'dev',
  deviceName: 'Daka',
  userCheckTime: Date.now(),
});

describe('reads retry transient failures with bounded backoff', () => {
  it.each<[string, FixtureReply]>([
    ['busy (-1)', oapiError(-1, '系统繁忙')],
    ['HTTP 503', { status: 503, text: '' }],
    ['throttled (90002)', oapiError(90002, 'global limit')],
    ['a dropped connection', { drop: true }],
    ['a timeout', { hang: true }],
  ])('gives up after maxAttempts on %s', async (_name, reply) => {
    fixture = await startFixture({ '/gettoken': TOKEN_ROUTE, [GROUP]: reply });
    const { client, sleeps, events } = testClient(fixture, {
      config: { maxAttempts: 3, timeoutMs: 200 },
    });

    await rejection(client.getUserGroup('u1'));

    expect(fixture.hits(GROUP)).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    // Every attempt is reported.
    const attempts = events.filter((e) => e.api === `oapi:${GROUP}`);
    expect(attempts).toHaveLength(3);
    expect(attempts.every((e) => !e.ok && e.errorCode !== undefined)).toBe(true);
  });

  it('succeeds when a retry does', async () => {
    fixture = await startFixture({
      '/gettoken': TOKEN_ROUTE,
      [GROUP]: (_req, hit) => (hit < 3 ? oapiError(-1, 'busy') : groupOk),
    });
    const { client, events } = testClient(fixture, { config: { maxAttempts: 3 } });

    expect((await client.getUserGroup('u1')).groupId).toBe(1);
    expect(events.filter((e) => e.api === `oapi:${GROUP}`).map((e) => e.ok)).toEqual([
      false,
      false,
      true,
    ]);
  });

  it('backs off exponentially with jitter', async () => {
    fixture = await startFixture({ '/gettoken': TOKEN_ROUTE, [GROUP]: oapiError(-1, 'busy') });
    const { client, sleeps } = testClient(fixture, {
      config: { maxAttempts: 4, backoffMs: 100 },
      random: () => 0.5,
    });
    await rejection(client.getUserGroup('u1'));
    // base·2^(n−1), half fixed and half scaled by random(): 75, 150, 300.
    expect(sleeps).toEqual([75, 150, 300]);
  });

  it('waits at least as long as DingTalk asks', async () => {
    fixture = await startFixture({
      '/gettoken': TOKEN_ROUTE,
      [GROUP]: (_req, hit) => (hit === 1 ? oapiError(90018, 'qps') : groupOk),
    });
    const { client, sleeps } = testClient(fixture, { config: { backoffMs: 1 } });
    await client.getUserGroup('u1');
    expect(sleeps).toEqual([1000]);
  });

  it('does not retry when the wait asked for is too long to be a retry', async () => {
    fixture = await startFixture({
      '/gettoken': TOKEN_ROUTE,
      [GROUP]: { status: 429, text: 'slow down', headers: { 'retry-after': '120' } },
    });
    const { client } = testClient(fixture);
    const error = await rejection(client.getUserGroup('u1'));
    expect(error.code).toBe('rateLimited');
    expect(error.detail.retryAfter).toBe(120);
    expect(fixture.hits(GROUP)).toHaveLength(1);
  });

  it.each<[string, FixtureReply, string]>([
    ['60011', oapiError(60011, 'no permission'), 'missingPermission'],
    ['60020', oapiError(60020, 'ip=1.2.3.4'), 'ipNotWhitelisted'],
    ['90020', oapiError(90020, 'quota'), 'quotaExhausted'],
    ['40035', oapiError(40035, 'bad'), 'badRequest'],
    ['50002', oapiError(50002, 'range'), 'userOutOfRange'],
    ['the flood ban', { json: { status: 1111, wait: 5 } }, 'ipBanned'],
    ['malformed JSON', { text: '{"errcode":' }, 'unexpectedReply'],
  ])('never retries %s', async (_name, reply, code) => {
    fixture = await startFixture({ '/gettoken': TOKEN_ROUTE, [GROUP]: reply });
    const { client, sleeps } = testClient(fixture, { config: { maxAttempts: 5 } });
    expect((await rejection(client.getUserGroup('u1'))).code).toBe(code);
    expect(fixture.hits(GROUP)).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('never retries wrong credentials at gettoken, and makes no API call', async () => {
    fixture = await startFixture({
      '/gettoken': oapiError(40089, '不合法的corpid或corpsecret'),
      [GROUP]: groupOk,
    });
    const { client } = testClient(fixture, { config: { maxAttempts: 5 } });
    expect((await rejection(client.getUserGroup('u1'))).code).toBe('wrongCredentials');
    expect(fixture.hits('/gettoken')).toHaveLength(1);
    expect(fixture.hits(GROUP)).toHaveLength(0);
  });

  it('retries a busy gettoken like any read', async () => {
    fixture = await startFixture({
      '/gettoken': (_req, hit) =>
        hit === 1 ? { status: 502, text: '' } : (TOKEN_ROUTE as FixtureReply),
      [GROUP]: groupOk,
    });
    const { client } = testClient(fixture);
    await client.getUserGroup('u1');
    expect(fixture.hits('/gettoken')).toHaveLength(2);
    expect(fixture.hits(GROUP)).toHaveLength(1);
  });
});

describe('the punch upload is never retried blindly', () => {
  it.each<[string, FixtureReply]>([
    ['a timeout', { hang: true }],
    ['a connection dropped after sending', { drop: true }],
    ['a 5xx without a body', { status: 502, text: '' }],
    ['a gateway error page', { status: 504, text: '<html>Gateway Timeout</html>' }],
    ['a malformed reply', { text: '{"errcode":0,"succ' }],
  ])('%s → outcomeUnknown after exactly one request', async (_name, reply) => {
    fixture = await startFixture({ '/gettoken': TOKEN_ROUTE, [UPLOAD]: reply });
    const { client, sleeps } = testClient(fixture, { config: { maxAttempts: 5, timeoutMs: 200 } });

    const error = await rejection(client.uploadPunch(punch()));

    expect(error.code).toBe('outcomeUnknown');
    expect(error.detail.api).toBe(`oapi:${UPLOAD}`);
    expect(fixture.hits(UPLOAD)).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it.each<[string, FixtureReply, string]>([
    ['60011', oapiError(60011, 'no permission'), 'missingPermission'],
    ['60020', oapiError(60020, 'request ip=1.2.3.4'), 'ipNotWhitelisted'],
    ['90020', oapiError(90020, 'quota'), 'quotaExhausted'],
    ['-1', oapiError(-1, '系统繁忙'), 'dingtalkBusy'],
    [
      '-1 inside an HTTP 503',
      { status: 503, json: { errcode: -1, errmsg: 'busy' } },
      'dingtalkBusy',
    ],
    [
      'the HTML flood ban',
      { status: 200, text: '<html>访问受限</html>', headers: { 'content-type': 'text/html' } },
      'ipBanned',
    ],
  ])('a clean refusal (%s) keeps its own code, one request', async (_name, reply, code) => {
    fixture = await startFixture({ '/gettoken': TOKEN_ROUTE, [UPLOAD]: reply });
    const { client } = testClient(fixture, { config: { maxAttempts: 5 } });

    expect((await rejection(client.uploadPunch(punch()))).code).toBe(code);
    expect(fixture.hits(UPLOAD)).toHaveLength(1);
  });

  it('a refused connection proves nothing was sent → networkDown', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    fixture = await startFixture();
    const store = new MemoryTokenStore({ token: 'stored', expiresAt: Date.now() + 3600_000 });
    const { client } = testClient(fixture, {
      tokenStore: store,
      config: { oapiBase: `http://127.0.0.1:${closedPort}` },
    });

    expect((await rejection(client.uploadPunch(punch()))).code).toBe('networkDown');
  });
});
