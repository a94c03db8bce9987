import { afterEach, describe, expect, it } from 'vitest';
import { SimClock } from '../../../main/dingtalk/simulator';
import type { OpenedDatabase } from '../../../server/store/database';
import { createDbReplayCache } from '../../../server/store/jti';
import { testStores, type TestDatabase } from '../helpers/stores';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.each(testStores())('the shared DPoP jti cache on $kind', (store) => {
  const fresh = async (): Promise<OpenedDatabase> => {
    const d: TestDatabase = await store.create();
    cleanups.push(() => d.drop());
    const opened = await d.open();
    cleanups.push(() => opened.close());
    return opened;
  };

  it('accepts a proof id once across instances, even when they race', async () => {
    const { db } = await fresh();
    const clock = new SimClock({ start: Date.parse('2026-12-01T08:00:00Z') });
    const a = createDbReplayCache(db, clock);
    const b = createDbReplayCache(db, clock);
    const until = clock.now() + 61_000;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).remember('jkt.jti-1', until)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await a.remember('jkt.jti-2', until)).toBe(true);
    expect(await b.remember('jkt.jti-2', until)).toBe(false);
  });

  it('forgets an id once it expired (its proof is then refused as stale anyway)', async () => {
    const { db } = await fresh();
    const clock = new SimClock({ start: Date.parse('2026-12-01T08:00:00Z') });
    const cache = createDbReplayCache(db, clock);
    expect(await cache.remember('k', clock.now() + 1000)).toBe(true);
    clock.advance(999);
    expect(await cache.remember('k', clock.now() + 1000)).toBe(false);
    clock.advance(1);
    expect(await cache.remember('k', clock.now() + 1000)).toBe(true);
    clock.advance(120_000);
    await cache.remember('other', clock.now() + 1000);
    const left = await db.selectFrom('dpop_jti').select('key').execute();
    expect(left.map((r) => r.key)).toEqual(['other']);
  });
});
