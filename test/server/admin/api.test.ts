/**
 * The admin console's API against a real server, the simulator and SQLite:
 * who gets in, the cookie and CSRF rules, expiry, revocation reaching the
 * desktop, the policy reaching a connected desktop, and the audit rows.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../../main/dingtalk/simulator';
import { PATHS } from '../../../shared/server-api';
import { DATABASE_FILE } from '../../../server/app';
import { ABSOLUTE_MS, IDLE_MS } from '../../../server/admin/session';
import { openSqlite } from '../../../server/store/database';
import { signIn, type ServerFixture } from '../app-fixture';
import { ADMIN, adminSignIn, startAdminServer } from './fixture';

let f: ServerFixture | null = null;
afterEach(async () => {
  await f?.close();
  f = null;
});

async function auditRows(fixture: ServerFixture) {
  const store = await openSqlite(join(fixture.dataDir, DATABASE_FILE));
  try {
    return await store.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
  } finally {
    await store.close();
  }
}

const POLICIES = {
  punchingEnabled: true,
  maxOfflineMinutes: 20,
  repeatGuardMinutes: 5,
  allowedClockDifferenceSeconds: 90,
};

describe('admin sign-in', () => {
  it('lets a configured administrator in with a HttpOnly, SameSite=Strict session cookie', async () => {
    f = await startAdminServer();
    const admin = await adminSignIn(f, ADMIN);
    expect(admin.landing.status).toBe(302);
    expect(admin.landing.headers.get('location')).toBe('/admin/');
    const session = admin.setCookies.find((c) => c.startsWith('daka_admin='));
    expect(session).toBeDefined();
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; SameSite=Strict/i);
    expect(session).toMatch(/; Path=\//i);
    // Plain http on loopback: a Secure cookie would never come back.
    expect(session).not.toMatch(/; Secure/i);
    const me = await admin.call('GET', '/admin/api/me');
    expect(me.status).toBe(200);
    expect(me.json.user).toEqual({ userId: ADMIN, name: '李娜' });
    expect(me.json.csrfToken).toMatch(/^[\w-]{43}$/);
    expect(me.headers.get('cache-control')).toBe('no-store');
    expect(me.headers.get('content-security-policy')).toContain("default-src 'self'");
    const rows = await auditRows(f);
    expect(rows.map((r) => `${r.action}:${r.actor}`)).toContain('admin.signIn:admin:lina');
  });

  it('refuses everyone else with a clear page in both languages, and logs the attempt', async () => {
    f = await startAdminServer();
    const other = await adminSignIn(f, DEMO_USERS.fixed);
    expect(other.landing.status).toBe(403);
    expect(other.landing.headers.get('content-type')).toContain('text/html');
    expect(other.landing.text).toContain('没有管理权限');
    expect(other.landing.text).toContain('Not an administrator');
    expect(other.landing.text).toContain('zhangwei');
    expect(other.landing.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(other.cookies.has('daka_admin')).toBe(false);
    const me = await other.call('GET', '/admin/api/me');
    expect(me.status).toBe(401);
    expect(me.json.error.code).toBe('notSignedIn');
    const rows = await auditRows(f);
    expect(rows.map((r) => `${r.action}:${r.actor}`)).toContain('admin.signInRefused:zhangwei');
  });

  it('refuses a callback this browser did not start (no state cookie), and a state used twice', async () => {
    f = await startAdminServer();
    f.sim.setLoginUser(ADMIN);
    const start = await fetch(`${f.base}/admin/login`, { redirect: 'manual' });
    const loginCookie = start.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    expect(start.headers.getSetCookie()[0]).toMatch(/SameSite=Lax/i);
    const dingtalk = await fetch(start.headers.get('location') ?? '', { redirect: 'manual' });
    const callback = dingtalk.headers.get('location') ?? '';
    const foreign = await fetch(callback, { redirect: 'manual' });
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).toContain('loginStateMismatch');
    const first = await fetch(callback, { redirect: 'manual', headers: { cookie: loginCookie } });
    expect(first.status).toBe(302);
    const again = await fetch(callback, { redirect: 'manual', headers: { cookie: loginCookie } });
    expect(again.status).toBe(400);
  });

  it('uses __Host- cookies marked Secure when the public URL is https', async () => {
    f = await startAdminServer({ env: { DAKA_SERVER_PUBLIC_URL: 'https://daka.example.test' } });
    const start = await fetch(`${f.base}/admin/login`, { redirect: 'manual' });
    const cookie = start.headers.getSetCookie()[0] ?? '';
    expect(cookie).toMatch(/^__Host-daka_admin_login=/);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; Path=\//i);
    expect(start.headers.get('location')).toContain(
      encodeURIComponent('https://daka.example.test/admin/callback'),
    );
    expect(start.headers.get('strict-transport-security')).toContain('max-age=');
  });

  it('ends a session after 30 idle minutes, and 8 hours after sign-in whatever the activity', async () => {
    f = await startAdminServer();
    const idle = await adminSignIn(f, ADMIN);
    const busy = await adminSignIn(f, ADMIN);
    f.clock.advance(IDLE_MS - 60_000);
    expect((await idle.call('GET', '/admin/api/me')).status).toBe(200);
    f.clock.advance(IDLE_MS);
    expect((await idle.call('GET', '/admin/api/me')).status).toBe(401);
    // The busy one (last seen when `idle` was) was idle as long: sign in afresh and keep busy.
    const active = await adminSignIn(f, ADMIN);
    for (let t = 0; t + 20 * 60_000 < ABSOLUTE_MS; t += 20 * 60_000) {
      f.clock.advance(20 * 60_000);
      expect((await active.call('GET', '/admin/api/me')).status).toBe(200);
    }
    f.clock.advance(20 * 60_000);
    expect((await active.call('GET', '/admin/api/me')).status).toBe(401);
    expect((await busy.call('GET', '/admin/api/me')).status).toBe(401);
  });

  it('signs out: the cookie no longer works and the sign-out is in the audit log', async () => {
    f = await startAdminServer();
    const admin = await adminSignIn(f, ADMIN);
    const cookie = admin.cookies.get('daka_admin') ?? '';
    expect((await admin.call('POST', '/admin/api/logout')).status).toBe(204);
    const reused = await fetch(`${f.base}/admin/api/me`, {
      headers: { cookie: `daka_admin=${cookie}` },
    });
    expect(reused.status).toBe(401);
    const rows = await auditRows(f);
    expect(rows.map((r) => r.action)).toContain('admin.signOut');
  });
});

describe('CSRF', () => {
  it('refuses every state-changing request without the session token or from another origin', async () => {
    f = await startAdminServer();
    const admin = await adminSignIn(f, ADMIN);
    const desk = await signIn(f, DEMO_USERS.fixed);
    const sessionId = desk.tokens.session_id;
    const attempts = [
      () => admin.call('PUT', '/admin/api/policies', POLICIES, { csrf: null }),
      () => admin.call('PUT', '/admin/api/policies', POLICIES, { csrf: 'x'.repeat(43) }),
      () => admin.call('PUT', '/admin/api/policies', POLICIES, { origin: 'https://evil.test' }),
      () => admin.call('DELETE', `/admin/api/devices/${sessionId}`, undefined, { csrf: null }),
      () => admin.call('POST', `/admin/api/users/zhangwei/revoke`, undefined, { csrf: null }),
      () => admin.call('POST', '/admin/api/logout', undefined, { csrf: null }),
    ];
    for (const attempt of attempts) {
      const reply = await attempt();
      expect(reply.status).toBe(403);
      expect(reply.json.error.code).toBe('forbidden');
    }
    // Nothing happened: the desktop still works, the policies are the configuration's.
    expect((await desk.call('GET', PATHS.me)).status).toBe(200);
    const policies = await admin.call('GET', '/admin/api/policies');
    expect(policies.json.policies.maxOfflineMinutes).toBe(15);
    expect((await admin.call('GET', '/admin/api/me')).status).toBe(200);
    // Another admin session's token is not this one's.
    const second = await adminSignIn(f, ADMIN);
    const crossed = await admin.call('PUT', '/admin/api/policies', POLICIES, {
      csrf: second.csrf,
    });
    expect(crossed.status).toBe(403);
  });

  it('refuses unknown fields and out-of-range policies (strict schemas)', async () => {
    f = await startAdminServer();
    const admin = await adminSignIn(f, ADMIN);
    const extra = await admin.call('PUT', '/admin/api/policies', { ...POLICIES, admins: ['x'] });
    expect(extra.status).toBe(400);
    const range = await admin.call('PUT', '/admin/api/policies', {
      ...POLICIES,
      maxOfflineMinutes: -1,
    });
    expect(range.status).toBe(400);
    const query = await admin.call('GET', '/admin/api/punches?outcome=everything');
    expect(query.status).toBe(400);
  });
});
