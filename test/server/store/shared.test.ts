/**
 * What server processes on one PostgreSQL database share, each piece with two
 * "instances" in this process (their own connections, as two processes have):
 * leases (advisory locks), the LISTEN/NOTIFY event bus, the shared DingTalk
 * rate. SQLite's stand-ins are checked too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger, systemClock } from '../../../main/ports';
import type { ServerEvent } from '../../../shared/server-api';
import { createPgEventBus } from '../../../server/events/pg-bus';
import type { OpenedDatabase } from '../../../server/store/database';
import { createLocalLeases, createPgLeases } from '../../../server/store/lease';
import { createSharedLimiters } from '../../../server/store/rate';
import { postgresStore, type TestDatabase } from '../helpers/stores';

const store = postgresStore();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fresh(): Promise<{ d: TestDatabase; opened: OpenedDatabase; url: string }> {
  if (!store) throw new Error('no PostgreSQL');
  const d = await store.create();
  cleanups.push(() => d.drop());
  const opened = await d.open();
  cleanups.push(() => opened.close());
  return { d, opened, url: d.databaseUrl ?? '' };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('local leases (SQLite: one process)', () => {
  it('exclude a second holder in the process until released', async () => {
    const leases = createLocalLeases();
    expect(await leases.tryAcquire('batch')).toBe(true);
    expect(await leases.tryAcquire('batch')).toBe(false);
    expect(await leases.tryAcquire('user:a')).toBe(true);
    await leases.release('batch');
    expect(await leases.withLease('batch', async () => 7)).toEqual({ value: 7 });
  });
});

describe.skipIf(!store)('on PostgreSQL', () => {
  it('a lease is held by one instance at a time, and freed when its holder dies', async () => {
    const { url } = await fresh();
    const a = createPgLeases(url, silentLogger);
    const b = createPgLeases(url, silentLogger);
    cleanups.push(
      () => a.close(),
      () => b.close(),
    );
    expect(await a.tryAcquire('batch:jobs')).toBe(true);
    expect(await b.tryAcquire('batch:jobs')).toBe(false);
    expect(await a.tryAcquire('batch:jobs')).toBe(false); // not re-entrant inside one instance
    expect(await b.tryAcquire('user:emp1')).toBe(true);
    expect(await a.tryAcquire('user:emp1')).toBe(false);
    await a.release('batch:jobs');
    expect(await b.withLease('batch:jobs', async () => 'ran')).toEqual({ value: 'ran' });
    // The holder's connection ends (as when its process is killed): the lease is free at once.
    expect(await b.tryAcquire('batch:jobs')).toBe(true);
    await b.close();
    expect(await a.tryAcquire('batch:jobs')).toBe(true);
    expect(await a.tryAcquire('user:emp1')).toBe(true);
  });

  it('an event published on one instance reaches subscribers of the other, once', async () => {
    const { opened, url } = await fresh();
    const a = createPgEventBus({ url, db: opened.db, logger: silentLogger });
    const b = createPgEventBus({ url, db: opened.db, logger: silentLogger });
    cleanups.push(
      () => a.close(),
      () => b.close(),
    );
    await Promise.all([a.ready, b.ready]);
    const onA: ServerEvent[] = [];
    const onB: ServerEvent[] = [];
    const otherUser: ServerEvent[] = [];
    a.subscribe({ userId: 'u1', sessionId: 's1' }, (e) => onA.push(e));
    b.subscribe({ userId: 'u1', sessionId: 's2' }, (e) => onB.push(e));
    b.subscribe({ userId: 'u2', sessionId: 's3' }, (e) => otherUser.push(e));
    a.publish({ userId: 'u1' }, { event: 'day', data: { date: '2026-12-01' } });
    b.publish({ userId: 'u1', sessionId: 's1' }, { event: 'revoked', data: { reason: 'admin' } });
    a.broadcast({
      event: 'policy',
      data: {
        punchingEnabled: false,
        maxOfflineMinutes: 15,
        repeatGuardMinutes: 10,
        allowedClockDifferenceSeconds: 120,
      },
    });
    const deadline = Date.now() + 5000;
    while ((onA.length < 3 || onB.length < 2 || otherUser.length < 1) && Date.now() < deadline) {
      await sleep(10);
    }
    await sleep(100); // anything doubled would have arrived by now
    // A's own events are delivered at once, B's when they arrive: no order across instances.
    expect(onA.map((e) => e.event).sort()).toEqual(['day', 'policy', 'revoked']);
    expect(onB.map((e) => e.event)).toEqual(['day', 'policy']);
    expect(otherUser.map((e) => e.event)).toEqual(['policy']);
  });

  it('two instances together start at most `limit` calls of one API in any window', async () => {
    const { opened } = await fresh();
    const sleepFor = (ms: number) => sleep(ms);
    const options = { db: opened.db, clock: systemClock, logger: silentLogger, sleep: sleepFor };
    const a = createSharedLimiters(options)('uploadPunch', 5);
    const b = createSharedLimiters(options)('uploadPunch', 5);
    const other = createSharedLimiters(options)('listRecords', 5);
    const starts: number[] = [];
    const call = () => {
      starts.push(Date.now());
      return sleep(5);
    };
    await Promise.all([
      ...Array.from({ length: 8 }, () => a.run(call)),
      ...Array.from({ length: 7 }, () => b.run(call)),
    ]);
    // A slot is held until a window after its call ended: any 6 starts span a window.
    starts.sort((x, y) => x - y);
    for (let i = 0; i + 5 < starts.length; i += 1) {
      expect((starts[i + 5] ?? 0) - (starts[i] ?? 0)).toBeGreaterThanOrEqual(1000 - 20);
    }
    // Another API has slots of its own.
    let ran = false;
    await other.run(async () => {
      ran = true;
    });
    expect(ran).toBe(true);
  });
});
