import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PATHS } from '../../../shared/server-api';
import { as, fakeApp } from './fakes';

let app: FastifyInstance;
beforeEach(async () => {
  ({ app } = await fakeApp());
});
afterEach(async () => {
  await app.close();
});

const punch = () => ({
  intentId: randomUUID(),
  clickedAt: Date.parse('2026-11-24T00:58:00Z'),
  checkType: 'OnDuty',
  queuedOffline: false,
});

describe('input validation', () => {
  it('refuses a bad query with 400 invalidInput naming the field', async () => {
    const res = await app.inject({
      url: `${PATHS.schedule}?date=24/11/2026`,
      headers: as('A', PATHS.schedule),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: { code: 'invalidInput', detail: { field: 'query.date' } },
    });
  });

  it('refuses a records range over 7 days and a missing bound', async () => {
    const week = 7 * 24 * 3_600_000;
    for (const query of [`from=0&to=${week + 1}`, 'from=10&to=5', 'from=0', 'from=x&to=1']) {
      const res = await app.inject({
        url: `${PATHS.records}?${query}`,
        headers: as('A', PATHS.records),
      });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code).toBe('invalidInput');
    }
    const ok = await app.inject({
      url: `${PATHS.records}?from=0&to=${week}`,
      headers: as('A', PATHS.records),
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ records: [] });
  });

  it('refuses bad punch bodies with 400, each with the field', async () => {
    const cases: [unknown, string][] = [
      [{ ...punch(), intentId: 'not-a-uuid' }, 'body.intentId'],
      [{ ...punch(), clickedAt: -1 }, 'body.clickedAt'],
      [{ ...punch(), clickedAt: 1.5 }, 'body.clickedAt'],
      [{ ...punch(), checkType: 'Lunch' }, 'body.checkType'],
      [{ ...punch(), queuedOffline: 'no' }, 'body.queuedOffline'],
      [[punch()], 'body'],
    ];
    for (const [payload, field] of cases) {
      const res = await app.inject({
        method: 'POST',
        url: PATHS.punches,
        headers: as('A', PATHS.punches, 'POST'),
        payload: payload as object,
      });
      expect(res.statusCode, field).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'invalidInput', detail: { field } });
    }
  });

  it('answers malformed JSON with 400, never 5xx', async () => {
    for (const payload of ['{"intentId":', '{', 'null', '"x"', '']) {
      const res = await app.inject({
        method: 'POST',
        url: PATHS.punches,
        headers: { ...as('A', PATHS.punches, 'POST'), 'content-type': 'application/json' },
        payload,
      });
      expect(res.statusCode, payload).toBe(400);
      expect(res.json().error.code).toBe('invalidInput');
    }
  });

  it('answers an oversized body with 413 before reading it all', async () => {
    const res = await app.inject({
      method: 'POST',
      url: PATHS.punches,
      headers: { ...as('A', PATHS.punches, 'POST'), 'content-type': 'application/json' },
      payload: JSON.stringify({ ...punch(), pad: 'x'.repeat(20 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('invalidInput');
    const token = await app.inject({
      method: 'POST',
      url: PATHS.authToken,
      headers: { 'content-type': 'application/json' },
      payload: `{"grant_type":"refresh_token","refresh_token":"${'r'.repeat(64 * 1024)}"}`,
    });
    expect(token.statusCode).toBe(413);
  });

  it('answers another content type with 415', async () => {
    const res = await app.inject({
      method: 'POST',
      url: PATHS.punches,
      headers: { ...as('A', PATHS.punches, 'POST'), 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('invalidInput');
  });

  it('answers an unknown route with 404 in the same error shape', async () => {
    const res = await app.inject({ url: '/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'invalidInput', message: 'No such route' } });
  });
});

describe('no route takes a userid', () => {
  it('refuses an extra userId in every query and body with 400', async () => {
    const routes: { method: 'GET' | 'POST' | 'DELETE'; url: string; body?: object }[] = [
      { method: 'GET', url: PATHS.me },
      { method: 'GET', url: PATHS.schedule + '?date=2026-11-24' },
      { method: 'GET', url: PATHS.records + '?from=0&to=1' },
      { method: 'GET', url: PATHS.punches + '/' + randomUUID() },
      { method: 'GET', url: PATHS.sessions },
      { method: 'DELETE', url: PATHS.sessions + '/sess-A' },
      { method: 'GET', url: PATHS.health },
      { method: 'GET', url: PATHS.events },
      { method: 'POST', url: PATHS.authLogout },
      { method: 'POST', url: PATHS.punches, body: { ...punch(), userId: 'chenjing' } },
      {
        method: 'POST',
        url: PATHS.authToken,
        body: { grant_type: 'refresh_token', refresh_token: 'r'.repeat(32), userId: 'chenjing' },
      },
    ];
    for (const route of routes) {
      const path = route.url.split('?')[0] ?? '';
      const sep = route.url.includes('?') ? '&' : '?';
      const res = await app.inject({
        method: route.method,
        url: route.body ? route.url : `${route.url}${sep}userId=chenjing`,
        headers: as('A', path, route.method),
        ...(route.body ? { payload: route.body } : {}),
      });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(400);
      expect(res.json().error.detail.field).toMatch(/userId$/);
    }
  });

  it("serves A's own day when A asks (the userid comes from the session)", async () => {
    const res = await app.inject({
      url: `${PATHS.schedule}?date=2026-11-24`,
      headers: as('A', PATHS.schedule),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().entries[0].id).toBe('zhangwei-2026-11-24');
    const b = await app.inject({
      url: `${PATHS.schedule}?date=2026-11-24`,
      headers: as('B', PATHS.schedule),
    });
    expect(b.json().entries[0].id).toBe('chenjing-2026-11-24');
  });
});
