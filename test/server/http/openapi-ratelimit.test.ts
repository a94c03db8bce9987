import { describe, expect, it } from 'vitest';
import { PATHS } from '../../../shared/server-api';
import { as, fakeApp } from './fakes';

/** Fastify's `:param` paths as OpenAPI writes them. */
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

describe('the OpenAPI document', () => {
  it('lists every /v1 route of PATHS, generated from the zod schemas', async () => {
    const { app } = await fakeApp();
    const res = await app.inject({ url: PATHS.openapi });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const v1 = Object.values(PATHS).filter((p) => p.startsWith('/v1/'));
    expect(Object.keys(doc.paths).sort()).toEqual(v1.map(openApiPath).sort());
    const punch = doc.paths['/v1/punches'].post;
    expect(punch.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['intentId', 'clickedAt', 'checkType', 'queuedOffline']),
    );
    expect(Object.keys(punch.responses)).toEqual(expect.arrayContaining(['200', '202', '4XX']));
    await app.close();
  });

  it('has no request parameter or body field that names a user', async () => {
    const { app } = await fakeApp();
    const doc = (await app.inject({ url: PATHS.openapi })).json();
    const names: string[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const o = node as Record<string, unknown>;
        if (typeof o.name === 'string') names.push(o.name);
        if (o.properties && typeof o.properties === 'object')
          names.push(...Object.keys(o.properties));
        Object.values(o).forEach(walk);
      }
    };
    for (const item of Object.values(
      doc.paths as Record<string, Record<string, { parameters?: unknown; requestBody?: unknown }>>,
    )) {
      for (const op of Object.values(item)) {
        walk(op.parameters);
        walk(op.requestBody);
      }
    }
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((n) => /user/i.test(n))).toEqual([]);
    await app.close();
  });
});

describe('rate limits', () => {
  it('gives 429 with Retry-After per session, and another session is not affected', async () => {
    const { app } = await fakeApp({
      rateLimit: {
        perSession: { max: 3, timeWindow: 60_000 },
        perIp: { max: 2, timeWindow: 60_000 },
      },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await app.inject({ url: PATHS.me, headers: as('A', PATHS.me) })).statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await app.inject({ url: PATHS.me, headers: as('A', PATHS.me) });
    expect(limited.json().error.code).toBe('rateLimited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const b = await app.inject({ url: PATHS.me, headers: as('B', PATHS.me) });
    expect(b.statusCode).toBe(200);
    await app.close();
  });

  it('limits the sign-in routes per IP, and unauthenticated floods too', async () => {
    const { app } = await fakeApp({
      rateLimit: {
        perSession: { max: 3, timeWindow: 60_000 },
        perIp: { max: 2, timeWindow: 60_000 },
      },
    });
    const callback = async (ip: string) =>
      (await app.inject({ url: `${PATHS.authCallback}?code=a&state=b`, remoteAddress: ip }))
        .statusCode;
    expect([
      await callback('127.0.0.2'),
      await callback('127.0.0.2'),
      await callback('127.0.0.2'),
    ]).toEqual([302, 302, 429]);
    expect(await callback('127.0.0.3')).toBe(302);
    const bad = async () =>
      (await app.inject({ url: PATHS.me, headers: { authorization: 'DPoP nope' } })).statusCode;
    expect([await bad(), await bad(), await bad(), await bad()]).toEqual([401, 401, 401, 429]);
    const ops = await Promise.all([1, 2, 3, 4, 5].map(() => app.inject({ url: PATHS.healthz })));
    expect(ops.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    await app.close();
  });

  it('keys the token endpoint by credential: one office IP refreshing many desktops is not limited', async () => {
    const { app } = await fakeApp({
      rateLimit: {
        perSession: { max: 3, timeWindow: 60_000 },
        perIp: { max: 2, timeWindow: 60_000 },
      },
    });
    const refresh = async (token: string) =>
      (
        await app.inject({
          method: 'POST',
          url: PATHS.authToken,
          remoteAddress: '127.0.0.9',
          headers: { dpop: 'proof' },
          payload: { grant_type: 'refresh_token', refresh_token: token },
        })
      ).statusCode;
    const desktops = await Promise.all(
      Array.from({ length: 10 }, (_, i) => refresh(`refresh-of-desktop-${i}-0123456789`)),
    );
    expect(desktops).toEqual(Array(10).fill(200));
    const same = 'refresh-of-desktop-0-0123456789';
    expect([await refresh(same), await refresh(same)]).toEqual([200, 429]);
    await app.close();
  });
});
