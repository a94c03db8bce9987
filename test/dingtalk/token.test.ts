import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../main/ports';
import {
  APP_SECRET,
  MemoryTokenStore,
  oapiError,
  oapiOk,
  rejection,
  startFixture,
  testClient,
  type Fixture,
  type Route,
} from './fixture-server';

let fixture: Fixture;

afterEach(async () => {
  await fixture?.close();
});

const DAY = '/topapi/attendance/schedule/listbyday';
const UPLOAD = '/topapi/attendance/record/upload';

/** gettoken hands out app-token-1, app-token-2, ... one per fetch. */
const numberedTokens: Route = (_req, hit) => ({
  json: { errcode: 0, errmsg: 'ok', access_token: `app-token-${hit}`, expires_in: 7200 },
});

const emptyDay = oapiOk({ result: [] });

function mutableClock(start: number) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe('the app token cache', () => {
  it('fetches the token once for many calls', async () => {
    fixture = await startFixture({ '/gettoken': numberedTokens, [DAY]: emptyDay });
    const { client, events } = testClient(fixture);

    for (let i = 0; i < 5; i += 1) await client.scheduleByDay('u1', '2026-11-30');

    expect(fixture.hits('/gettoken')).toHaveLength(1);
    expect(fixture.hits(DAY).map((r) => r.query.access_token)).toEqual(
      Array(5).fill('app-token-1'),
    );
    expect(events.filter((e) => e.token)).toHaveLength(1);
  });

  it('shares one fetch between concurrent callers', async () => {
    fixture = await startFixture({ '/gettoken': numberedTokens, [DAY]: emptyDay });
    const { client } = testClient(fixture);

    await Promise.all([
      client.scheduleByDay('u1', '2026-11-30'),
      client.scheduleByDay('u2', '2026-11-30'),
      client.getAccessToken(),
      client.scheduleByDay('u3', '2026-11-30'),
    ]);

    expect(fixture.hits('/gettoken')).toHaveLength(1);
  });

  it('refreshes 10 minutes before expiry, not earlier', async () => {
    fixture = await startFixture({ '/gettoken': numberedTokens });
    const clock = mutableClock(Date.UTC(2026, 10, 30, 0, 0, 0));
    const { client } = testClient(fixture, { clock });

    expect(await client.getAccessToken()).toBe('app-token-1');
    clock.advance(7200_000 - 600_000 - 1);
    expect(await client.getAccessToken()).toBe('app-token-1');
    clock.advance(1);
    expect(await client.getAccessToken()).toBe('app-token-2');
    expect(fixture.hits('/gettoken')).toHaveLength(2);
  });

  it('persists the token so a new client does not fetch again', async () => {
    fixture = await startFixture({ '/gettoken': numberedTokens, [DAY]: emptyDay });
    const store = new MemoryTokenStore();
    const now = Date.UTC(2026, 10, 30, 0, 0, 0);

    await testClient(fixture, {
      tokenStore: store,
      clock: { now: () => now },
    }).client.getAccessToken();
    expect(store.saved).toEqual({ token: 'app-token-1', expiresAt: now + 7200_000 });

    const restarted = testClient(fixture, {
      tokenStore: store,
      clock: { now: () => now + 3600_000 },
    });
    await restarted.client.scheduleByDay('u1', '2026-11-30');

    expect(fixture.hits('/gettoken')).toHaveLength(1);
    expect(fixture.hits(DAY)[0]?.query.access_token).toBe('app-token-1');
  });

  it('ignores a persisted token that is about to expire or unreadable', async () => {
    fixture = await startFixture({ '/gettoken': numberedTokens });
    const now = Date.UTC(2026, 10, 30, 0, 0, 0);
    const nearlyExpired = new MemoryTokenStore({ token: 'old', expiresAt: now + 5 * 60_000 });
    expect(
      await testClient(fixture, {
        tokenStore: nearlyExpired,
        clock: { now: () => now },
      }).client.getAccessToken(),
    ).toBe('app-token-1');

    const broken = new MemoryTokenStore();
    broken.load = () => {
      throw new Error('cannot decrypt');
    };
    expect(await testClient(fixture, { tokenStore: broken }).client.getAccessToken()).toBe(
      'app-token-2',
    );
  });

  it.each([42001, 40014, 40001, 33001])(
    'drops a token rejected with %s, refetches once and retries the call',
    async (errcode) => {
      fixture = await startFixture({
        '/gettoken': numberedTokens,
        [DAY]: (_req, hit) => (hit === 1 ? oapiError(errcode, 'token rejected') : emptyDay),
      });
      const store = new MemoryTokenStore();
      const { client } = testClient(fixture, { tokenStore: store });

      expect(await client.scheduleByDay('u1', '2026-11-30')).toEqual([]);

      expect(fixture.hits('/gettoken')).toHaveLength(2);
      expect(fixture.hits(DAY).map((r) => r.query.access_token)).toEqual([
        'app-token-1',
        'app-token-2',
      ]);
      expect(store.clears).toBe(1);
      expect(store.saved?.token).toBe('app-token-2');
    },
  );

  it('recognises a token rejection wrapped as errcode 88 / sub_code "40014"', async () => {
    fixture = await startFixture({
      '/gettoken': numberedTokens,
      [DAY]: (_req, hit) =>
        hit === 1
          ? {
              json: {
                errcode: 88,
                sub_code: '40014',
                sub_msg: '不合法的access_token',
                errmsg: 'x',
              },
            }
          : emptyDay,
    });
    const { client } = testClient(fixture);
    await client.scheduleByDay('u1', '2026-11-30');
    expect(fixture.hits('/gettoken')).toHaveLength(2);
  });

  it('surfaces a second rejection instead of looping', async () => {
    fixture = await startFixture({
      '/gettoken': numberedTokens,
      [DAY]: oapiError(40001, 'invalid credential'),
    });
    const { client } = testClient(fixture);

    const error = await rejection(client.scheduleByDay('u1', '2026-11-30'));

    expect(error.code).toBe('wrongCredentials');
    expect(error.detail.dingtalkCode).toBe('40001');
    expect(fixture.hits('/gettoken')).toHaveLength(2);
    expect(fixture.hits(DAY)).toHaveLength(2);
  });

  it('refetches once when concurrent calls all hit the same stale token', async () => {
    fixture = await startFixture({
      '/gettoken': numberedTokens,
      [DAY]: (req) =>
        req.query.access_token === 'app-token-1' ? oapiError(42001, 'expired') : emptyDay,
    });
    const { client } = testClient(fixture);

    await Promise.all([1, 2, 3, 4].map((n) => client.scheduleByDay(`u${n}`, '2026-11-30')));

    expect(fixture.hits('/gettoken')).toHaveLength(2);
  });

  it('resends an upload once after a clean token rejection', async () => {
    fixture = await startFixture({
      '/gettoken': numberedTokens,
      [UPLOAD]: (_req, hit) =>
        hit === 1 ? oapiError(42001, 'expired') : oapiOk({ success: true }),
    });
    const { client } = testClient(fixture);

    await client.uploadPunch({
      userId: 'u',
      deviceId: 'd',
      deviceName: 'n',
      userCheckTime: Date.now(),
    });

    expect(fixture.hits(UPLOAD).map((r) => r.query.access_token)).toEqual([
      'app-token-1',
      'app-token-2',
    ]);
  });

  it('never logs the AppSecret or a token', async () => {
    const logged: string[] = [];
    const record =
      (level: string) =>
      (message: string, data?: Record<string, unknown>): void => {
        logged.push(`${level} ${message} ${JSON.stringify(data ?? {})}`);
      };
    const logger: Logger = {
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
    };
    fixture = await startFixture({
      '/gettoken': numberedTokens,
      [DAY]: (_req, hit) =>
        hit === 1 ? oapiError(42001, 'expired') : oapiError(40035, `bad ${APP_SECRET} app-token-2`),
    });
    const { client } = testClient(fixture, { logger });

    await rejection(client.scheduleByDay('u1', '2026-11-30'));

    expect(logged.length).toBeGreaterThan(0);
    const all = logged.join('\n');
    expect(all).not.toContain(APP_SECRET);
    expect(all).not.toMatch(/app-token-\d/);
  });
});
