/**
 * What an administrator does in the console, end to end: revoke a device
 * (the desktop is refused at its next call), revoke all of an employee's,
 * change a policy (a connected desktop hears it), read the quota and the
 * doctor, and export the punch log as CSV that Excel reads.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_APP_KEY, DEMO_USERS } from '../../../main/dingtalk/simulator';
import { PATHS } from '../../../shared/server-api';
import { DATABASE_FILE } from '../../../server/app';
import { openSqlite } from '../../../server/store/database';
import { signIn, type Desktop, type ServerFixture } from '../app-fixture';
import { ADMIN, adminSignIn, startAdminServer } from './fixture';

let f: ServerFixture | null = null;
afterEach(async () => {
  await f?.close();
  f = null;
});

async function auditActions(fixture: ServerFixture): Promise<string[]> {
  const store = await openSqlite(join(fixture.dataDir, DATABASE_FILE));
  try {
    const rows = await store.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    return rows.map((r) => `${r.action}|${r.actor}|${r.subject ?? ''}`);
  } finally {
    await store.close();
  }
}

async function punch(desk: Desktop, clickedAt: number, queuedOffline = false) {
  const body = { intentId: randomUUID(), clickedAt, checkType: 'OnDuty', queuedOffline };
  const sent = await desk.call('POST', PATHS.punches, body);
  expect([200, 202]).toContain(sent.status);
  // The worker uploads in the background: wait (bounded) for the outcome.
  for (let i = 0; i < 200; i += 1) {
    const got = await desk.call('GET', `${PATHS.punches}/${body.intentId}`);
    if (got.json.punch.state !== 'accepted') return got.json.punch;
    await new Promise((wake) => setTimeout(wake, 20));
  }
  throw new Error('the punch never settled');
}

/** CSV rows as arrays (the fields here hold no commas or quotes). */
function parseCsv(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter(Boolean)
    .map((line) => line.split(','));
}

describe('devices', () => {
  it('lists signed-in desktops; revoking one refuses that desktop at once and nobody else', async () => {
    f = await startAdminServer();
    const admin = await adminSignIn(f, ADMIN);
    const a = await signIn(f, DEMO_USERS.fixed);
    const b = await signIn(f, DEMO_USERS.turn);
    const stream = await a.events();
    await stream.until(': connected');
    const list = await admin.call('GET', '/admin/api/devices');
    expect(list.status).toBe(200);
    const mine = list.json.devices.find((d: { userId: string }) => d.userId === 'zhangwei');
    expect(mine).toMatchObject({
      sessionId: a.tokens.session_id,
      userName: '张伟',
      deviceName: 'Daka · zhangwei',
      appVersion: '0.1.0',
      ip: '127.0.0.1',
    });
    const revoked = await admin.call('DELETE', `/admin/api/devices/${a.tokens.session_id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.json).toEqual({ revoked: 1 });
    expect(await stream.ended).toContain('event: revoked');
    const refused = await a.call('GET', PATHS.me);
    expect(refused.status).toBe(401);
    expect(refused.json.error.code).toBe('sessionRevoked');
    expect((await b.call('GET', PATHS.me)).status).toBe(200);
    const after = await admin.call('GET', '/admin/api/devices');
    expect(after.json.devices.map((d: { userId: string }) => d.userId)).toEqual(['wangfang']);
    const again = await admin.call('DELETE', `/admin/api/devices/${a.tokens.session_id}`);
    expect(again.status).toBe(400);
    const actions = await auditActions(f);
    expect(actions).toContain(`session.revoke|admin:lina|${a.tokens.session_id}`);
    expect(actions).toContain(`admin.revokeDevice|admin:lina|${a.tokens.session_id}`);
  });

  it("revokes all of one employee's devices", async () => {
    f = await startAdminServer();
    const admin = await adminSignIn(f, ADMIN);
    const a = await signIn(f, DEMO_USERS.fixed);
    const b = await signIn(f, DEMO_USERS.turn);
    const reply = await admin.call('POST', '/admin/api/users/zhangwei/revoke');
    expect(reply.status).toBe(200);
    expect(reply.json.revoked).toBeGreaterThanOrEqual(1);
    expect((await a.call('GET', PATHS.me)).json.error.code).toBe('sessionRevoked');
    expect((await b.call('GET', PATHS.me)).status).toBe(200);
    expect(await auditActions(f)).toContain('admin.revokeUser|admin:lina|zhangwei');
  });
});

describe('policies', () => {
  it('a change reaches a connected desktop over its event stream at once, and is audited', async () => {
    f = await startAdminServer();
    const admin = await adminSignIn(f, ADMIN);
    const desk = await signIn(f, DEMO_USERS.fixed);
    const stream = await desk.events();
    await stream.until(': connected');
    const next = {
      punchingEnabled: false,
      maxOfflineMinutes: 30,
      repeatGuardMinutes: 3,
      allowedClockDifferenceSeconds: 60,
    };
    const put = await admin.call('PUT', '/admin/api/policies', next);
    expect(put.status).toBe(200);
    expect(put.json.policies).toEqual(next);
    const heard = await stream.until('event: policy');
    expect(heard).toContain(`event: policy\ndata: ${JSON.stringify(next)}`);
    stream.res.destroy();
    expect((await desk.call('GET', PATHS.me)).json.policies).toEqual(next);
    // Punching off is enforced by the server, not only shown.
    const refused = await punch(desk, f.clock.now());
    expect(refused.state).toBe('refused');
    expect(refused.error.code).toBe('punchingDisabled');
    const actions = await auditActions(f);
    expect(actions).toContain('policies.set|admin:lina|');
    expect(actions).toContain('admin.setPolicies|admin:lina|');
  });
});

describe('quota and health', () => {
  it('shows this month per API and per day, the forecast against the cap, and budget skips', async () => {
    f = await startAdminServer();
    const admin = await adminSignIn(f, ADMIN);
    const desk = await signIn(f, DEMO_USERS.fixed);
    await desk.call('GET', `${PATHS.schedule}?date=2026-11-23`);
    const quota = await admin.call('GET', '/admin/api/quota');
    expect(quota.status).toBe(200);
    const q = quota.json;
    expect(q.month).toBe('2026-11');
    expect(q.cap).toBe(5000);
    expect(q.budgetAt).toBe(4500);
    expect(q.counted).toBeGreaterThan(0);
    expect(q.days).toHaveLength(30);
    const today = q.days.find((d: { date: string }) => d.date === '2026-11-23');
    expect(today.counted).toBe(q.counted);
    expect(Object.keys(q.byApi).length).toBeGreaterThan(0);
    // 22 days and 58 minutes of November gone (08:58 on the 23rd in Shanghai).
    expect(q.forecast.elapsedDays).toBe(22.4);
    expect(q.forecast.counted).toBe(Math.round((q.counted / (22 + 538 / 1440)) * 30));
    expect(q.budgetSkips).toEqual(['refresh', 'verify']);
  });

  it("runs the server's doctor, Stream off when not configured", async () => {
    f = await startAdminServer();
    const admin = await adminSignIn(f, ADMIN);
    const health = await admin.call('GET', '/admin/api/health');
    expect(health.status).toBe(200);
    const ids = health.json.checks.map(
      (c: { id: string; status: string }) => `${c.id}:${c.status}`,
    );
    expect(ids).toContain('credentials:pass');
    expect(ids).toContain('ipWhitelist:pass');
    expect(health.json.stream).toBeNull();
  });

  it('names the IP DingTalk sees when the whitelist misses it, with the fix', async () => {
    f = await startAdminServer();
    const admin = await adminSignIn(f, ADMIN);
    f.sim.setIpWhitelist(DEMO_APP_KEY, ['203.0.113.9']);
    f.sim.setClientIp('198.51.100.4');
    const health = await admin.call('GET', '/admin/api/health');
    const ip = health.json.checks.find((c: { id: string }) => c.id === 'ipWhitelist');
    expect(ip).toMatchObject({
      status: 'fail',
      facts: { ip: '198.51.100.4' },
      error: { code: 'ipNotWhitelisted' },
    });
  });
});

describe('punch audit log and CSV', () => {
  it('filters by employee, dates and outcome, and exports UTF-8 CSV with a BOM', async () => {
    f = await startAdminServer();
    const admin = await adminSignIn(f, ADMIN);
    const a = await signIn(f, DEMO_USERS.fixed);
    const b = await signIn(f, DEMO_USERS.turn);
    const online = await punch(a, f.clock.now());
    expect(online.state).toBe('punched');
    const offline = await punch(b, f.clock.now() - 5 * 60_000, true);
    expect(offline).toMatchObject({ state: 'punched', offline: true });
    const old = await punch(a, f.clock.now() - 60 * 60_000, true);
    expect(old.error.code).toBe('punchTooOld');

    const all = await admin.call('GET', '/admin/api/punches');
    expect(all.status).toBe(200);
    expect(all.json.total).toBe(3);
    expect(all.json.employees.map((e: { userId: string }) => e.userId)).toEqual([
      'wangfang',
      'zhangwei',
    ]);
    const first = all.json.punches.find(
      (p: { outcomes: string[] }) => p.outcomes.join() === 'punched',
    );
    expect(first.requestId).toMatch(/\S/);
    const only = async (query: string) =>
      (await admin.call('GET', `/admin/api/punches?${query}`)).json.punches.map(
        (p: { userId: string; outcomes: string[] }) => `${p.userId}:${p.outcomes.join('+')}`,
      );
    expect(await only('outcome=refused')).toEqual(['zhangwei:refused']);
    expect(await only('outcome=offline')).toEqual(['wangfang:punched+offline']);
    expect(await only('user=wangfang')).toEqual(['wangfang:punched+offline']);
    expect(await only('from=2026-11-24')).toEqual([]);
    expect((await only('from=2026-11-23&to=2026-11-23')).length).toBe(3);
    expect(await only('to=2026-11-22')).toEqual([]);

    const csv = await admin.call('GET', '/admin/api/punches.csv?lang=zh-CN&from=2026-11-23');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(
      'attachment; filename="daka-punches-2026-11-23.csv"',
    );
    const bytes = new Uint8Array(
      await (
        await fetch(`${f.base}/admin/api/punches.csv?lang=zh-CN`, {
          headers: { cookie: `daka_admin=${admin.cookies.get('daka_admin')}` },
        })
      ).arrayBuffer(),
    );
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(csv.text);
    expect(rows[0]).toEqual([
      '用户 ID',
      '姓名',
      '设备',
      '点击时间',
      '收到时间',
      '打卡时间',
      '结果',
      '原因',
      '钉钉请求 ID',
      'IP',
    ]);
    expect(rows).toHaveLength(4);
    const refusedRow = rows.find((r) => r[6] === '被拒绝');
    expect(refusedRow?.[0]).toBe('zhangwei');
    expect(refusedRow?.[3]).toBe('2026-11-23 07:58:00');
    expect(refusedRow?.[7]).toContain('(punchTooOld)');
    // Never sent: no punch time.
    expect(refusedRow?.[5]).toBe('');
    const offlineRow = rows.find((r) => r[0] === 'wangfang');
    expect(offlineRow?.[6]).toBe('已打卡 / 离线保留时间');
    expect(offlineRow?.[5]).toBe('2026-11-23 08:53:00');

    const en = await admin.call('GET', '/admin/api/punches.csv?lang=en&outcome=refused');
    const enRows = parseCsv(en.text);
    expect(enRows[0]?.[3]).toBe('Clicked');
    expect(enRows).toHaveLength(2);
    expect(enRows[1]?.[6]).toBe('Refused');
    expect((await auditActions(f)).filter((a) => a.startsWith('admin.exportCsv'))).toHaveLength(3);
  });
});

describe('the bundle', () => {
  it('says how to build it when it is not built, under a strict CSP', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'daka-admin-ui-'));
    try {
      f = await startAdminServer({ adminUiDir: empty });
      const page = await fetch(`${f.base}/admin/`);
      expect(page.status).toBe(503);
      expect(await page.text()).toContain('npm run build:admin');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      const bare = await fetch(`${f.base}/admin`, { redirect: 'manual' });
      expect(bare.headers.get('location')).toBe('/admin/');
      const sneaky = await fetch(`${f.base}/admin/assets/..%2F..%2Fpackage.json`);
      expect(sneaky.status).toBe(400);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
