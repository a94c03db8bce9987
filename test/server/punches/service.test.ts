import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_APP_KEY, DEMO_USERS } from '../../../main/dingtalk/simulator';
import { UNCONFIRMED_AFTER_MS, UNCONFIRMED_AFTER_READ_BACKS } from '../../../server/punches/worker';
import { GRACE_MS, type Harness, LIST_RECORD, META, UPLOAD, harness, rowsOf } from './harness';
import { testStores } from '../helpers/stores';

describe.each(testStores())('on $kind', (store) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  /** Moves the virtual clock a minute at a time (past any backoff) until `cond` holds (bounded). */
  async function advanceUntil(x: Harness, what: string, cond: () => boolean | Promise<boolean>) {
    for (let step = 0; !(await cond()); step += 1) {
      if (step > 200) throw new Error(`never ${what}`);
      x.sim.clock.advance(60_000);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const ours = (x: Harness, device: string) => x.sim.records.filter((r) => r.deviceId === device);
  const uploads = (x: Harness) => x.sim.requests.filter((r) => r.path === UPLOAD);

  describe('accept', () => {
    it('one intent sent 20 times at once makes one row and one DingTalk record', async () => {
      const x = (h = await harness({ store }));
      x.service.start();
      const session = x.session(DEMO_USERS.fixed);
      const request = x.request();
      const views = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          // A resend may carry another click time: the stored intent wins.
          x.service.accept(session, { ...request, clickedAt: request.clickedAt + i * 1000 }, META),
        ),
      );
      expect(new Set(views.map((v) => JSON.stringify({ ...v, state: null }))).size).toBe(1);
      // Whichever insert committed first (on PostgreSQL the 20 race over several connections).
      const sent = Array.from({ length: 20 }, (_, i) => request.clickedAt + i * 1000);
      expect(sent).toContain(views[0]?.clickedAt);
      await x.until(
        'punched',
        async () => (await x.service.get(session, request.intentId)).state === 'punched',
      );
      // And 20 more after it was punched: still the one stored outcome.
      const later = await Promise.all(
        Array.from({ length: 20 }, () => x.service.accept(session, request, META)),
      );
      expect(later.every((v) => v.state === 'punched')).toBe(true);
      expect(await rowsOf(x)).toHaveLength(1);
      expect(ours(x, session.deviceId)).toHaveLength(1);
      expect(uploads(x)).toHaveLength(1);
      const [record] = ours(x, session.deviceId);
      expect(record?.deviceName).toBe(session.deviceName);
      expect(record?.userCheckTime).toBe(views[0]?.checkTime);
    });

    it('answers accepted at once, then punched over the event stream; DayData hears of it', async () => {
      const x = (h = await harness({ store }));
      const session = x.session(DEMO_USERS.fixed);
      const view = await x.service.accept(session, x.request(), META);
      // Not started: committed, nothing sent yet.
      expect(view.state).toBe('accepted');
      expect(uploads(x)).toHaveLength(0);
      x.service.start();
      await x.until('punched event', () =>
        x.events.some((e) => e.event.event === 'punch' && e.event.data.state === 'punched'),
      );
      expect(
        x.events.map((e) => [
          e.userId,
          e.event.event,
          e.event.event === 'punch' ? e.event.data.state : null,
        ]),
      ).toEqual([
        [DEMO_USERS.fixed, 'punch', 'accepted'],
        [DEMO_USERS.fixed, 'punch', 'punched'],
      ]);
      expect(x.punched).toEqual([{ userId: DEMO_USERS.fixed, atMs: view.checkTime }]);
      const [row] = await rowsOf(x);
      expect(row).toMatchObject({
        state: 'punched',
        settled_by: 'reply',
        client_ip: '10.0.0.7',
        attempts: 1,
      });
      expect(row?.uploaded_at).not.toBeNull();
    });

    it('refuses backdated, future and disabled punches without calling DingTalk, and audits them', async () => {
      const x = (h = await harness({ store }));
      x.service.start();
      const session = x.session(DEMO_USERS.fixed);
      const now = x.sim.clock.now();
      const old = await x.service.accept(
        session,
        x.request({ clickedAt: now - 45 * 60_000, queuedOffline: true }),
        META,
      );
      const backdated = await x.service.accept(
        session,
        x.request({ clickedAt: now - 5 * 60_000 }),
        META,
      );
      const future = await x.service.accept(
        session,
        x.request({ clickedAt: now + 5 * 60_000 }),
        META,
      );
      x.policies.punchingEnabled = false;
      const disabled = await x.service.accept(session, x.request(), META);
      expect(
        [old, backdated, future, disabled].map((v) => [
          v.state,
          v.error?.code,
          v.error?.detail?.limit,
        ]),
      ).toEqual([
        ['refused', 'punchTooOld', 30],
        ['refused', 'punchTooOld', 30],
        ['refused', 'punchInFuture', 60],
        ['refused', 'punchingDisabled', undefined],
      ]);
      // Stored: asking again (even after the policy changed back) gives the same refusal.
      x.policies.punchingEnabled = true;
      expect(
        (await x.service.accept(session, { ...x.request(), intentId: disabled.intentId }, META))
          .error?.code,
      ).toBe('punchingDisabled');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(uploads(x)).toHaveLength(0);
      const audit = await x.opened.db.selectFrom('audit_log').selectAll().execute();
      expect(audit.map((a) => a.action)).toEqual([
        'punch.refused',
        'punch.refused',
        'punch.refused',
        'punch.refused',
      ]);
    });

    it('keeps the click time of a punch queued offline within the limit, marked offline', async () => {
      const x = (h = await harness({ store }));
      x.service.start();
      const session = x.session(DEMO_USERS.fixed);
      const clickedAt = x.sim.clock.now() - 12 * 60_000 - 345;
      const view = await x.service.accept(
        session,
        x.request({ clickedAt, queuedOffline: true }),
        META,
      );
      expect(view).toMatchObject({ state: 'accepted', offline: true, checkTime: clickedAt - 655 });
      await x.until(
        'punched',
        async () => (await x.service.get(session, view.intentId)).state === 'punched',
      );
      expect(ours(x, session.deviceId).map((r) => r.userCheckTime)).toEqual([view.checkTime]);
      const audit = await x.opened.db.selectFrom('audit_log').selectAll().execute();
      expect(audit.map((a) => [a.action, a.actor, a.ip])).toEqual([
        ['punch.offline', DEMO_USERS.fixed, '10.0.0.7'],
      ]);
    });
  });

  describe('get', () => {
    it("reads the user's own punch from any of their devices, never another user's", async () => {
      const x = (h = await harness({ store }));
      const mine = x.session(DEMO_USERS.fixed, 'laptop-1');
      const view = await x.service.accept(mine, x.request(), META);
      expect(
        (await x.service.get(x.session(DEMO_USERS.fixed, 'desktop-2'), view.intentId)).intentId,
      ).toBe(view.intentId);
      await expect(
        x.service.get(x.session(DEMO_USERS.colleague, 'laptop-1'), view.intentId),
      ).rejects.toMatchObject({
        code: 'outboxEntryNotFound',
      });
      await expect(
        x.service.get(mine, '00000000-0000-4000-8000-000000000000'),
      ).rejects.toMatchObject({
        code: 'outboxEntryNotFound',
      });
    });
  });

  describe('worker', () => {
    it('a lost answer (DingTalk recorded it, the reply never came) is reconciled, not resent', async () => {
      const x = (h = await harness({ store }));
      x.service.start();
      const session = x.session(DEMO_USERS.fixed);
      x.sim.fault(UPLOAD, { drop: 'after' }, { times: 1 });
      const view = await x.service.accept(session, x.request(), META);
      await x.until('unknown', async () => (await rowsOf(x))[0]?.state === 'unknown');
      expect(ours(x, session.deviceId)).toHaveLength(1);
      // Within the grace period nothing happens; after it, DingTalk is read back.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(x.sim.requests.filter((r) => r.path === LIST_RECORD)).toHaveLength(0);
      x.sim.clock.advance(GRACE_MS + 1000);
      await x.until(
        'punched',
        async () => (await x.service.get(session, view.intentId)).state === 'punched',
      );
      expect((await rowsOf(x))[0]).toMatchObject({ settled_by: 'reconciled' });
      expect(uploads(x)).toHaveLength(1);
      expect(ours(x, session.deviceId)).toHaveLength(1);
      expect(x.punched).toHaveLength(1);
    });

    it('a late reply past the timeout is reconciled too', async () => {
      const x = (h = await harness({ store }));
      x.service.start();
      const session = x.session(DEMO_USERS.fixed);
      x.sim.fault(UPLOAD, { replyAfterMs: 2500 }, { times: 1 });
      const view = await x.service.accept(session, x.request(), META);
      await x.until('unknown', async () => (await rowsOf(x))[0]?.state === 'unknown');
      x.sim.clock.advance(GRACE_MS + 1000);
      await x.until(
        'punched',
        async () => (await x.service.get(session, view.intentId)).state === 'punched',
      );
      expect(uploads(x)).toHaveLength(1);
      expect(ours(x, session.deviceId)).toHaveLength(1);
    });

    it('an upload that never reached DingTalk is sent again once the grace period proves it', async () => {
      const x = (h = await harness({ store }));
      x.service.start();
      const session = x.session(DEMO_USERS.fixed);
      x.sim.fault(UPLOAD, { drop: 'before' }, { times: 1 });
      const view = await x.service.accept(session, x.request(), META);
      await x.until('unknown', async () => (await rowsOf(x))[0]?.state === 'unknown');
      expect(ours(x, session.deviceId)).toHaveLength(0);
      x.sim.clock.advance(GRACE_MS + 1000);
      await x.until(
        'punched',
        async () => (await x.service.get(session, view.intentId)).state === 'punched',
      );
      expect((await rowsOf(x))[0]).toMatchObject({ settled_by: 'reply', attempts: 2 });
      expect(ours(x, session.deviceId).map((r) => r.userCheckTime)).toEqual([view.checkTime]);
    });

    it('a permanent refusal (user not found) is refused with the reason; a transient one is retried', async () => {
      const x = (h = await harness({ store }));
      x.service.start();
      const ghost = x.session('nobody-here');
      const refused = await x.service.accept(ghost, x.request(), META);
      await x.until(
        'refused',
        async () => (await x.service.get(ghost, refused.intentId)).state === 'refused',
      );
      expect((await x.service.get(ghost, refused.intentId)).error?.code).toBe('userNotFound');
      expect(x.events.at(-1)?.event).toMatchObject({ event: 'punch', data: { state: 'refused' } });

      const session = x.session(DEMO_USERS.fixed);
      x.sim.fault(UPLOAD, 'floodBanJson', { times: 1 });
      const view = await x.service.accept(session, x.request(), META);
      await x.until('a failed attempt', async () => {
        const row = (await rowsOf(x)).find((r) => r.intent_id === view.intentId);
        return row?.state === 'accepted' && row.attempts === 1;
      });
      x.sim.clock.advance(2000); // the backoff
      await x.until(
        'punched',
        async () => (await x.service.get(session, view.intentId)).state === 'punched',
      );
      expect(ours(x, session.deviceId)).toHaveLength(1);
    });

    it('at start, a row left "sending" by a dead process is found in DingTalk or sent again', async () => {
      const x = (h = await harness({ store }));
      const session = x.session(DEMO_USERS.fixed);
      const landed = await x.service.accept(session, x.request(), META);
      x.sim.clock.advance(5000);
      const lost = await x.service.accept(session, x.request(), META);
      // As a killed process leaves them: both marked sending, only the first reached DingTalk.
      await x.opened.db.updateTable('punches').set({ state: 'sending' }).execute();
      x.sim.injectRecord({
        userId: DEMO_USERS.fixed,
        userCheckTime: landed.checkTime,
        sourceType: 'ATM',
        deviceId: session.deviceId,
        deviceName: session.deviceName,
      });
      x.sim.clock.advance(GRACE_MS + 1000);
      x.service.start();
      await x.until('the landed one reconciled', async () =>
        (await rowsOf(x)).some((r) => r.state === 'punched'),
      );
      // The missing one waits out a grace period counted from this start (see the next test).
      expect((await rowsOf(x)).map((r) => r.state)).toEqual(['punched', 'unknown']);
      x.sim.clock.advance(GRACE_MS + 1000);
      await x.until('both punched', async () =>
        (await rowsOf(x)).every((r) => r.state === 'punched'),
      );
      const rows = await rowsOf(x);
      expect(rows.map((r) => [r.intent_id, r.settled_by])).toEqual([
        [landed.intentId, 'reconciled'],
        [lost.intentId, 'reply'],
      ]);
      expect(uploads(x)).toHaveLength(1);
      expect(
        ours(x, session.deviceId)
          .map((r) => r.userCheckTime)
          .sort(),
      ).toEqual([landed.checkTime, lost.checkTime]);
    });

    it('a row left "sending" long ago is not resent within the grace period after the restart', async () => {
      // 'sending' is written before the call waits its turn in the limiter and the
      // gateway's retries: the real send may have been much later than that row's
      // updated_at, and DingTalk's listRecord may not show it yet.
      const x = (h = await harness({ store }));
      const session = x.session(DEMO_USERS.fixed);
      const view = await x.service.accept(session, x.request(), META);
      await x.opened.db.updateTable('punches').set({ state: 'sending' }).execute();
      x.sim.clock.advance(GRACE_MS + 1000); // long after 'sending' was written
      x.service.start();
      await x.until('read back once', () =>
        x.sim.requests.some((r) => r.path === LIST_RECORD && r.status !== null),
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await rowsOf(x)).map((r) => r.state)).toEqual(['unknown']);
      expect(uploads(x)).toHaveLength(0);
      // The send the dead process made shows up in DingTalk a moment later.
      x.sim.injectRecord({
        userId: DEMO_USERS.fixed,
        userCheckTime: view.checkTime,
        sourceType: 'ATM',
        deviceId: session.deviceId,
        deviceName: session.deviceName,
      });
      x.sim.clock.advance(GRACE_MS + 1000);
      await x.until(
        'punched',
        async () => (await x.service.get(session, view.intentId)).state === 'punched',
      );
      expect((await rowsOf(x))[0]).toMatchObject({ settled_by: 'reconciled' });
      expect(uploads(x)).toHaveLength(0);
      expect(ours(x, session.deviceId)).toHaveLength(1);
    });

    it('a read-back that keeps failing is never resent, and the employee and IT are told why', async () => {
      const x = (h = await harness({ store }));
      x.service.start();
      const session = x.session(DEMO_USERS.fixed);
      x.sim.fault(UPLOAD, { drop: 'after' }, { times: 1 });
      const view = await x.service.accept(session, x.request(), META);
      await x.until('unknown', async () => (await rowsOf(x))[0]?.state === 'unknown');
      // Upload permission, but not record-read permission: the truth cannot be learned.
      x.sim.revoke(DEMO_APP_KEY, 'qyapi_get_attendance_data');
      const readBacks = () => x.sim.requests.filter((r) => r.path === LIST_RECORD).length;
      const unconfirmed = () =>
        x.events.filter((e) => e.event.event === 'punch' && e.event.data.error !== null);
      x.sim.clock.advance(GRACE_MS + 1000);
      await x.until('a failed read-back', () => readBacks() >= 1);
      expect(unconfirmed()).toEqual([]);
      expect((await x.service.get(session, view.intentId)).error).toBeNull();
      await advanceUntil(x, 'told', () => unconfirmed().length > 0);
      const told = unconfirmed();
      expect(told).toHaveLength(1);
      expect(told[0]).toMatchObject({
        userId: DEMO_USERS.fixed,
        event: {
          event: 'punch',
          data: {
            intentId: view.intentId,
            state: 'accepted',
            error: { code: 'missingPermission' },
          },
        },
      });
      // The same on asking, and in the audit log; still never resent blindly.
      expect(await x.service.get(session, view.intentId)).toMatchObject({
        state: 'accepted',
        error: { code: 'missingPermission' },
      });
      const audit = await x.opened.db.selectFrom('audit_log').selectAll().execute();
      expect(audit.map((a) => [a.action, a.subject])).toEqual([
        ['punch.unconfirmed', view.intentId],
      ]);
      expect(JSON.parse(audit[0]?.detail_json ?? '{}')).toMatchObject({
        code: 'missingPermission',
        readBacks: UNCONFIRMED_AFTER_READ_BACKS,
      });
      const later = readBacks();
      await advanceUntil(x, 'two more read-backs', () => readBacks() >= later + 2);
      expect(unconfirmed()).toHaveLength(1); // told once
      expect(uploads(x)).toHaveLength(1);
      // IT grants the permission: the next read-back settles it.
      x.sim.grant(DEMO_APP_KEY, 'qyapi_get_attendance_data');
      await advanceUntil(
        x,
        'punched',
        async () => (await x.service.get(session, view.intentId)).state === 'punched',
      );
      expect(await x.service.get(session, view.intentId)).toMatchObject({ error: null });
      expect(uploads(x)).toHaveLength(1);
      expect(ours(x, session.deviceId)).toHaveLength(1);
    });

    it('a punch still unconfirmed 30 min after it was received is reported at its next failed read-back', async () => {
      const x = (h = await harness({ store }));
      x.service.start();
      const session = x.session(DEMO_USERS.fixed);
      x.sim.fault(UPLOAD, { drop: 'after' }, { times: 1 });
      const view = await x.service.accept(session, x.request(), META);
      await x.until('unknown', async () => (await rowsOf(x))[0]?.state === 'unknown');
      x.sim.fault(LIST_RECORD, { status: 503 });
      x.sim.clock.advance(UNCONFIRMED_AFTER_MS);
      await x.until(
        'told',
        async () => (await x.service.get(session, view.intentId)).error !== null,
      );
      // The row's reason is stored first, the audit row right after it.
      await x.until(
        'audited',
        async () => (await x.opened.db.selectFrom('audit_log').selectAll().execute()).length > 0,
      );
      const audit = await x.opened.db.selectFrom('audit_log').selectAll().execute();
      expect(audit.map((a) => JSON.parse(a.detail_json ?? '{}') as unknown)).toMatchObject([
        { code: 'dingtalkBusy', readBacks: 1 },
      ]);
      expect(await x.service.get(session, view.intentId)).toMatchObject({
        state: 'accepted',
        error: { code: 'dingtalkBusy' },
      });
      expect(uploads(x)).toHaveLength(1);
    });

    it('stop waits for the upload in flight', async () => {
      const x = (h = await harness({ store }));
      x.service.start();
      const session = x.session(DEMO_USERS.fixed);
      x.sim.fault(UPLOAD, { latencyMs: 150 }, { times: 1 });
      const view = await x.service.accept(session, x.request(), META);
      await x.until('sending', async () => (await rowsOf(x))[0]?.state === 'sending');
      await x.service.stop();
      expect((await x.service.get(session, view.intentId)).state).toBe('punched');
    });
  });
});
