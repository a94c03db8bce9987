import { afterEach, describe, expect, it } from 'vitest';
import { combineBounds, sampleBounds, skewEstimate } from '../../main/dingtalk/skew';
import { TOKEN_ROUTE, startFixture, testClient, type Fixture, type Route } from './fixture-server';

let fixture: Fixture;

afterEach(async () => {
  await fixture?.close();
});

/** gettoken replies stamped with the given server time. */
const stamped =
  (serverMs: () => number): Route =>
  () => ({
    json: { errcode: 0, access_token: 't', expires_in: 7200 },
    headers: { date: new Date(serverMs()).toUTCString() },
  });

describe('clock skew from the Date header', () => {
  it('is unknown before the first reply', async () => {
    fixture = await startFixture({ '/gettoken': TOKEN_ROUTE });
    expect(testClient(fixture).client.clockSkewMs()).toBeNull();
  });

  it('is Date minus the local time, within the header’s 1 s resolution', async () => {
    const local = Date.UTC(2026, 10, 28, 0, 58, 0);
    fixture = await startFixture({ '/gettoken': stamped(() => local + 120_000) });
    const { client } = testClient(fixture, { clock: { now: () => local } });

    await client.getAccessToken();

    // The server time was in [Date, Date + 1 s): the midpoint.
    expect(client.clockSkewMs()).toBe(120_500);
  });

  it('tightens with more replies', async () => {
    // The server runs 90.3 s ahead; the local clock reads 0.4 s later on each reply.
    let local = Date.UTC(2026, 10, 28, 0, 58, 0);
    fixture = await startFixture({
      '/gettoken': stamped(() => local + 90_300),
      '/v1.0/oauth2/accessToken': (_req) => ({
        json: { accessToken: 't', expireIn: 7200 },
        headers: { date: new Date(local + 90_300).toUTCString() },
      }),
    });
    const { client } = testClient(fixture, { clock: { now: () => local } });

    await client.getAccessToken();
    const first = client.clockSkewMs();
    for (let i = 0; i < 5; i += 1) {
      local += 400;
      await client.fetchV1AccessToken();
    }
    const later = client.clockSkewMs();

    expect(Math.abs((first ?? 0) - 90_300)).toBeLessThanOrEqual(500);
    expect(Math.abs((later ?? 0) - 90_300)).toBeLessThan(Math.abs((first ?? 0) - 90_300));
  });
});

describe('skew bounds', () => {
  it('one reply bounds the skew to [Date − received, Date + 1 s − sent]', () => {
    const date = 'Sat, 28 Nov 2026 00:58:00 GMT';
    const serverMs = Date.parse(date);
    expect(sampleBounds(serverMs - 5_000, serverMs - 4_800, date)).toEqual({
      lo: 4_800,
      hi: 6_000,
    });
    expect(sampleBounds(1, 2, null)).toBeNull();
    expect(sampleBounds(1, 2, 'yesterday-ish')).toBeNull();
  });

  it('intersects overlapping bounds and starts over when they disagree', () => {
    expect(combineBounds({ lo: 0, hi: 1000 }, { lo: 400, hi: 1400 })).toEqual({
      lo: 400,
      hi: 1000,
    });
    // No overlap: a clock jumped, the old knowledge is stale.
    expect(combineBounds({ lo: 0, hi: 1000 }, { lo: 60_000, hi: 61_000 })).toEqual({
      lo: 60_000,
      hi: 61_000,
    });
    expect(skewEstimate({ lo: 400, hi: 1000 })).toBe(700);
  });
});
