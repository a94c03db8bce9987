/**
 * The 09:00 burst: 300 employees punch in the same second. The simulator
 * enforces 20 calls/s per app per API (90018); the gateway paces the uploads,
 * so DingTalk never throttles and every punch lands once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, META, UPLOAD, harness, rowsOf } from './harness';

const USERS = 300;
import { testStores } from '../helpers/stores';

describe.each(testStores())('on $kind', (store) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it(`${USERS} punches at once: all punched, none throttled, one record each`, async () => {
    const x = (h = await harness({ store, users: USERS, concurrency: 16 }));
    x.service.start();
    const start = x.sim.clock.now();
    const views = await Promise.all(
      Array.from({ length: USERS }, (_, i) =>
        x.service.accept(x.session(`emp${i}`), x.request(), META),
      ),
    );
    expect(views.every((v) => v.state === 'accepted')).toBe(true);
    await x.until('all punched', async () => {
      // Virtual time also passes while we wait (as real time would), never faster than the gateway allows.
      x.sim.clock.advance(10);
      return (await rowsOf(x)).every((r) => r.state === 'punched');
    });
    const uploads = x.sim.requests.filter((r) => r.path === UPLOAD);
    const throttled = x.sim.requests.filter((r) => String(r.errcode) === '90018');
    expect(throttled).toEqual([]);
    expect(uploads).toHaveLength(USERS);
    for (let i = 0; i < USERS; i += 1) {
      expect(x.sim.records.filter((r) => r.userId === `emp${i}`)).toHaveLength(1);
    }
    // Any one simulated second saw at most 20 uploads (the simulator's own check, recounted).
    const times = uploads.map((r) => r.at).sort((a, b) => a - b);
    for (let i = 0; i + 20 < times.length; i += 1) {
      expect((times[i + 20] ?? 0) - (times[i] ?? 0)).toBeGreaterThanOrEqual(1000);
    }
    const span = (times.at(-1) ?? 0) - start;
    console.log(
      `burst: ${USERS} punches uploaded over ${(span / 1000).toFixed(1)} simulated s, 0 × 90018`,
    );
  });
});
