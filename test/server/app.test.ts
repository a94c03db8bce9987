import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../main/dingtalk/simulator';
import { PATHS } from '../../shared/server-api';
import { signIn, startServer, type ServerFixture } from './app-fixture';
import { testStores } from './helpers/stores';

describe.each(testStores())('on $kind', (store) => {
  let f: ServerFixture;
  beforeEach(async () => {
    f = await startServer({}, store);
  });
  afterEach(async () => {
    await f.close();
  });

  const punchBody = (clickedAt: number) => ({
    intentId: randomUUID(),
    clickedAt,
    checkType: 'OnDuty' as const,
    queuedOffline: false,
  });

  describe('Daka Server end to end (simulator, a real database, real HTTP)', () => {
    it('signs in through DingTalk, says who I am, and a punch ends punched over SSE', async () => {
      const a = await signIn(f, DEMO_USERS.fixed);
      expect(a.tokens.user).toEqual({ userId: 'zhangwei', name: '张伟' });
      const me = await a.call('GET', PATHS.me);
      expect(me.status).toBe(200);
      expect(me.json).toMatchObject({
        user: { userId: 'zhangwei' },
        policies: { punchingEnabled: true, maxOfflineMinutes: 15 },
        server: { apiVersion: 1, mode: 'live' },
      });
      const schedule = await a.call('GET', `${PATHS.schedule}?date=2026-11-23`);
      expect(schedule.status).toBe(200);
      expect(schedule.json.entries.map((e: { checkType: string }) => e.checkType)).toEqual([
        'OnDuty',
        'OffDuty',
      ]);

      const stream = await a.events();
      await stream.until(': connected');
      const body = punchBody(f.clock.now());
      const accepted = await a.call('POST', PATHS.punches, body);
      expect(accepted.status).toBe(202);
      expect(accepted.json.punch).toMatchObject({ intentId: body.intentId, state: 'accepted' });
      const got = await stream.until('"state":"punched"');
      expect(got).toContain(`event: punch\ndata: {"intentId":"${body.intentId}"`);
      // Our own upload is not a 'day' change: re-reading it would cost a counted call per punch.
      expect(got).not.toContain('event: day');

      const again = await a.call('POST', PATHS.punches, body);
      expect(again.status).toBe(200);
      expect(again.json.punch.state).toBe('punched');
      const records = await a.call(
        'GET',
        `${PATHS.records}?from=${f.clock.now() - 60_000}&to=${f.clock.now() + 60_000}`,
      );
      expect(records.status).toBe(200);
      expect(records.json.records).toHaveLength(1);
      expect(records.json.records[0]).toMatchObject({
        userId: 'zhangwei',
        userCheckTime: body.clickedAt,
      });
      stream.res.destroy();

      const health = await a.call('GET', PATHS.health);
      expect(health.status).toBe(200);
      const ids = health.json.checks.map(
        (c: { id: string; status: string }) => `${c.id}:${c.status}`,
      );
      expect(ids).toContain('credentials:pass');
      expect(ids).toContain('ipWhitelist:pass');
      expect(health.json.quota.counted).toBeGreaterThan(0);
    });

    it("refuses employee A on B's punch and B's session, and A's token in B's name", async () => {
      const a = await signIn(f, DEMO_USERS.fixed);
      const b = await signIn(f, DEMO_USERS.colleague);
      const bPunch = punchBody(f.clock.now());
      expect((await b.call('POST', PATHS.punches, bPunch)).status).toBe(202);

      const read = await a.call('GET', `${PATHS.punches}/${bPunch.intentId}`);
      expect(read.status).toBe(404);
      expect(read.json.error.code).toBe('outboxEntryNotFound');
      const revoke = await a.call('DELETE', `${PATHS.sessions}/${b.tokens.session_id}`);
      expect(revoke.status).toBe(403);
      expect(revoke.json.error.code).toBe('forbidden');
      const mine = await a.call('GET', PATHS.sessions);
      expect(mine.json.sessions.map((s: { id: string }) => s.id)).toEqual([a.tokens.session_id]);
      const sneaky = await a.call('POST', PATHS.punches, {
        ...punchBody(f.clock.now()),
        userId: 'chenjing',
      });
      expect(sneaky.status).toBe(400);
      expect(sneaky.json.error.detail.field).toBe('body.userId');
      expect((await b.call('GET', `${PATHS.punches}/${bPunch.intentId}`)).status).toBe(200);
    });

    it("ends a revoked session's stream with revoked, and /readyz and /healthz answer", async () => {
      const a = await signIn(f, DEMO_USERS.fixed);
      const stream = await a.events();
      await stream.until(': connected');
      expect((await a.call('DELETE', `${PATHS.sessions}/${a.tokens.session_id}`)).status).toBe(204);
      expect(await stream.ended).toContain('event: revoked');
      const after = await a.call('GET', PATHS.me);
      expect(after.status).toBe(401);
      expect(after.json.error.code).toBe('sessionRevoked');
      const ready = await fetch(`${f.base}${PATHS.readyz}`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        ready: true,
        checks: { database: true, dingtalkToken: true, accepting: true },
      });
      expect((await fetch(`${f.base}${PATHS.healthz}`)).status).toBe(200);
    });

    it('stays ready when DingTalk refuses the app token: reported, not a reason to leave rotation', async () => {
      // The punch queue, the desktops' doctor and the admin console must stay reachable then.
      f.sim.fault('/gettoken', { errcode: 40089 });
      f.sim.fault('/v1.0/oauth2/accessToken', { status: 503 });
      const ready = await fetch(`${f.base}${PATHS.readyz}`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        ready: true,
        checks: { database: true, dingtalkToken: false, accepting: true },
      });
    });

    it('logs JSON lines without tokens, proofs or login codes', async () => {
      const a = await signIn(f, DEMO_USERS.fixed);
      await a.call('GET', PATHS.me);
      const lines = f.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.some((l) => l.msg === 'incoming request')).toBe(true);
      const all = f.logs.join('\n');
      expect(all).not.toContain(a.tokens.access_token);
      expect(all).not.toContain(a.tokens.refresh_token);
      expect(all).not.toContain('demo-secret-not-real');
      expect(all).not.toMatch(/code=/);
    });
  });

  describe('graceful shutdown', () => {
    it('finishes an upload in flight before the database closes', async () => {
      const a = await signIn(f, DEMO_USERS.fixed);
      f.sim.fault('/topapi/attendance/record/upload', { latencyMs: 400 }, { times: 1 });
      const body = punchBody(f.clock.now());
      expect((await a.call('POST', PATHS.punches, body)).status).toBe(202);
      // Wait until the worker's upload has reached DingTalk, then stop the server under it.
      await new Promise<void>((done) => {
        const poll = () =>
          f.sim.requests.some((r) => r.path.endsWith('/record/upload'))
            ? done()
            : setTimeout(poll, 5);
        poll();
      });
      await f.server.close();
      if (!f.database) throw new Error('startServer gives the database');
      const opened = await f.database.open();
      const row = await opened.db
        .selectFrom('punches')
        .select(['state', 'request_id'])
        .where('intent_id', '=', body.intentId)
        .executeTakeFirstOrThrow();
      await opened.close();
      expect(row.state).toBe('punched');
      expect(row.request_id).not.toBeNull();
      const refused = await fetch(`${f.base}${PATHS.healthz}`).then(
        () => 'answered',
        () => 'refused',
      );
      expect(refused).toBe('refused');
    });
  });
});
