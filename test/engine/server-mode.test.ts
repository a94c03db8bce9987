/**
 * The desktop engine in company server mode against the REAL Daka Server
 * (startDakaServer: SQLite in a temp folder, its punch worker, SSE) in front
 * of the DingTalk simulator, all over real HTTP on 127.0.0.1. The "browser"
 * follows the login redirects as an employee approving would.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_ROBOT_SECRET, DEMO_ROBOT_TOKEN, type Simulator } from '../../main/dingtalk/simulator';
import type { Engine } from '../../main/engine';
import type { PunchOutcome } from '../../shared/model';
import { type ServerDesktop, startServerDesktop, until } from '../helpers/server-desktop';

type Setup = ServerDesktop &
  Pick<ServerDesktop['wire'], 'loseNextPunchAnswer' | 'setUnreachable' | 'answers'>;

let setup: Setup | null = null;
afterEach(async () => {
  await setup?.close();
  setup = null;
});

async function start(): Promise<Setup> {
  const s = await startServerDesktop({ signIn: false });
  const { loseNextPunchAnswer, setUnreachable, answers } = s.wire;
  return { ...s, loseNextPunchAnswer, setUnreachable, answers };
}

function nextBackground(engine: Engine): Promise<PunchOutcome> {
  return new Promise((resolve) => engine.once('background', resolve));
}

const recordsOf = (sim: Simulator, userId: string) =>
  sim.records.filter((r) => r.userId === userId);

async function signedIn(): Promise<Setup> {
  setup = await start();
  const identity = await setup.engine.loginWithBrowser();
  expect(identity).toEqual({ userId: 'zhangwei', name: '张伟', via: 'server' });
  await until(setup.engine, () => setup?.engine.connectionInfo().events === 'connected');
  // Connecting reads today once (events may have been missed): let that finish first.
  await setup.engine.open();
  return setup;
}

describe('engine in company server mode (real Daka Server)', () => {
  it('signs in through the server, shows today, and a punch ends punched when the server says so', async () => {
    const s = await signedIn();
    const snap = s.engine.snapshot();
    expect(snap.connection).toMatchObject({
      kind: 'server',
      server: s.base,
      serverInfo: { apiVersion: 1 },
      events: 'connected',
      signedOutReason: null,
    });
    expect(snap.mode).toBe('configured');
    expect(snap.punch).toEqual({ available: true, reason: null });

    const today = await s.engine.open();
    expect(today?.date).toBe('2026-11-23');
    expect(today?.checkPoints.map((c) => c.type)).toEqual(['OnDuty', 'OffDuty']);
    expect(today?.next).toBe('OnDuty');

    const background = nextBackground(s.engine);
    const outcome = await s.engine.punch();
    // Accepted by the server is not punched: DingTalk has not answered yet (or just did).
    if (outcome.outcome === 'queued') {
      expect(outcome.reason.code).toBe('punchAccepted');
      expect(s.engine.snapshot().outbox[0]).toMatchObject({ state: 'sending' });
      expect(s.engine.snapshot().outbox[0]?.acceptedAt).toBeDefined();
      expect(await background).toMatchObject({ outcome: 'punched', type: 'OnDuty' });
    } else {
      expect(outcome).toMatchObject({ outcome: 'punched', type: 'OnDuty' });
    }
    expect(s.engine.snapshot().outbox).toEqual([]);
    expect(recordsOf(s.sim, 'zhangwei')).toHaveLength(1);
    // Today shows it at once, from our own sent punch.
    const after = s.engine.todayCached();
    expect(after?.checkPoints[0]?.state).toBe('done');
    // At the time main reported for the punch: the popup matches it to the click's entry.
    expect(after?.checkPoints[0]?.punchedAt).toBe(outcome.at);
  });

  it('next morning, yesterday is verified from the server’s settled cache: no DingTalk read', async () => {
    const s = await signedIn();
    const punched = async () => {
      const background = nextBackground(s.engine);
      const outcome = await s.engine.punch(true);
      if (outcome.outcome === 'queued') await background;
    };
    await punched();
    s.sim.clock.advance(9 * 3_600_000 + 5 * 60_000); // 18:03
    await punched();
    expect(recordsOf(s.sim, 'zhangwei')).toHaveLength(2);
    // Tuesday 08:30: the server's 05:00 and 06:00 jobs ran (prefetch, yesterday verified).
    s.sim.clock.advance(14 * 3_600_000 + 27 * 60_000);
    await (s.server.services.dayData as unknown as { runDue(): Promise<unknown> }).runDue();
    s.sim.clearLog();
    const today = await s.engine.open();
    expect(today?.date).toBe('2026-11-24');
    expect(s.engine.outbox.all().every((i) => i.verified)).toBe(true);
    // The morning start cost DingTalk nothing: yesterday came from the server's cache.
    expect(s.sim.requests.filter((r) => r.path === '/attendance/listRecord')).toEqual([]);
  });

  it('a punch whose answer was lost is sent again with the same intent and makes one record', async () => {
    const s = await signedIn();
    await s.engine.open();
    s.loseNextPunchAnswer();
    const outcome = await s.engine.punch();
    expect(outcome).toMatchObject({ outcome: 'queued', reason: { code: 'serverUnreachable' } });
    const intentId = outcome.outcome === 'queued' ? outcome.intentId : '';
    // The server got it the first time; the resend carries the same intent id.
    await s.engine.flushOutbox();
    await until(s.engine, () => s.engine.outbox.get(intentId).state === 'sent');
    expect(recordsOf(s.sim, 'zhangwei')).toHaveLength(1);
  });

  it('an unreachable company server is said as such (not DingTalk), the punch waits, then goes', async () => {
    const s = await signedIn();
    s.setUnreachable(true);
    const outcome = await s.engine.punch();
    expect(outcome).toMatchObject({ outcome: 'queued', reason: { code: 'serverUnreachable' } });
    const snap = s.engine.snapshot();
    expect(snap.online).toBe(false);
    expect(snap.trayState).toBe('offline');
    expect(snap.outbox[0]).toMatchObject({
      state: 'pending',
      lastError: { code: 'serverUnreachable' },
    });
    s.setUnreachable(false);
    await s.engine.flushOutbox();
    const intentId = outcome.outcome === 'queued' ? outcome.intentId : '';
    await until(s.engine, () => s.engine.outbox.get(intentId).state === 'sent');
    expect(recordsOf(s.sim, 'zhangwei')).toHaveLength(1);
    expect(s.engine.snapshot().online).toBe(true);
  });

  it('the server’s repeat guard, not the desktop setting, decides when a second clock-out asks first', async () => {
    const s = await signedIn();
    expect(s.engine.settings().punch.duplicateGuardMinutes).toBe(10);
    const policies = s.server.services.policies;
    await policies.set({ ...policies.get(), repeatGuardMinutes: 120 }, 'it-admin');
    await until(s.engine, () => s.engine.server.me()?.policies.repeatGuardMinutes === 120);
    s.sim.clock.set(Date.parse('2026-11-23T10:05:00Z')); // 18:05 in Shanghai
    const first = await s.engine.punch();
    expect(first).toMatchObject({ type: 'OffDuty' });
    expect(['punched', 'queued']).toContain(first.outcome);
    s.sim.clock.advance(30 * 60_000);
    // 30 minutes later: past the desktop's 10, within the administrator's 120.
    expect(await s.engine.punch()).toMatchObject({
      outcome: 'needs-confirmation',
      type: 'OffDuty',
    });
    await policies.set({ ...policies.get(), repeatGuardMinutes: 5 }, 'it-admin');
    await until(s.engine, () => s.engine.server.me()?.policies.repeatGuardMinutes === 5);
    const again = await s.engine.punch();
    expect(again.outcome).not.toBe('needs-confirmation');
  });

  it('posts the employee’s own robot receipt once the server says punched, never on accepted', async () => {
    const s = await signedIn();
    s.engine.updateSettings({ receipts: { enabled: true } });
    s.engine.setRobotToken(DEMO_ROBOT_TOKEN);
    s.engine.setRobotSecret(DEMO_ROBOT_SECRET);
    const background = nextBackground(s.engine);
    const outcome = await s.engine.punch();
    if (outcome.outcome === 'queued') {
      expect(outcome.reason.code).toBe('punchAccepted');
      // Accepted is not punched: no receipt yet.
      expect(s.sim.robotMessages).toHaveLength(0);
      expect(await background).toMatchObject({ outcome: 'punched' });
    } else {
      expect(outcome.outcome).toBe('punched');
    }
    await until(s.engine, () => s.sim.robotMessages.length > 0);
    await s.engine.flushOutbox();
    expect(s.sim.robotMessages).toHaveLength(1);
    expect(JSON.stringify(s.sim.robotMessages[0]?.body)).toContain('08:58');
  });

  it('sign-out ends the session with a logout signed by this device’s key, then forgets the key', async () => {
    const s = await signedIn();
    const key = s.engine.vault.getSecret('deviceKey');
    expect(key).toBeDefined();
    s.answers.length = 0;
    await s.engine.server.signOut();
    // Accepted by the server: signed with the key the session is bound to (issue #12 item 11).
    expect(s.answers.filter((a) => a.startsWith('POST /v1/auth/logout'))).toEqual([
      expect.stringMatching(/ 20\d$/),
    ]);
    expect(s.engine.vault.hasSecret('deviceKey')).toBe(false);
    expect(s.engine.vault.hasSecret('serverRefreshToken')).toBe(false);
    // The next sign-in makes a new key, and its session works.
    await s.engine.loginWithBrowser();
    const next = s.engine.vault.getSecret('deviceKey');
    expect(next).toBeDefined();
    expect(next).not.toBe(key);
    expect((await s.engine.server.loadMe()).user.userId).toBe('zhangwei');
  });

  it('a session revoked by IT is told at once over the stream, and punching stops', async () => {
    const s = await signedIn();
    const me = s.engine.server.me();
    expect(me).not.toBeNull();
    await s.server.services.auth.revoke(me?.session.id ?? '', 'Laptop lost', 'it-admin');
    await until(s.engine, () => s.engine.snapshot().connection.signedOutReason !== null);
    const snap = s.engine.snapshot();
    expect(snap.connection.signedOutReason?.code).toBe('sessionRevoked');
    expect(snap.identity).toBeNull();
    expect(snap.punch).toMatchObject({ available: false, reason: { code: 'sessionRevoked' } });
    expect((await s.engine.punch()).outcome).toBe('unavailable');
  });

  it('a session revoked while not listening is told so on its next call', async () => {
    const s = await signedIn();
    s.engine.server.stop();
    const me = s.engine.server.me();
    await s.server.services.auth.revoke(me?.session.id ?? '', 'Laptop lost', 'it-admin');
    await expect(s.engine.status('2026-11-24')).rejects.toMatchObject({ code: 'sessionRevoked' });
    expect(s.engine.snapshot().connection.signedOutReason?.code).toBe('sessionRevoked');
    expect(s.engine.identity()).toBeNull();
  });

  it('the doctor checks the server, the session, and shows the server’s own DingTalk checks', async () => {
    const s = await signedIn();
    const report = await s.engine.doctor();
    const byId = (id: string) => report.checks.filter((c) => c.id === id);
    expect(byId('server')[0]).toMatchObject({ status: 'pass', facts: { apiVersion: 1 } });
    expect(byId('serverSession')[0]).toMatchObject({
      status: 'pass',
      facts: { userId: 'zhangwei' },
    });
    const fromServer = report.checks.filter((c) => c.origin === 'server');
    expect(fromServer.map((c) => `${c.id}:${c.status}`)).toContain('credentials:pass');
    expect(byId('directTrust')).toEqual([]);
  });
});
