import { describe, expect, it } from 'vitest';
import { admit, createLimiter } from '../../../server/dingtalk/limiter';

/** A clock that only moves when the limiter sleeps. */
function fakeTime() {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    clock: { now: () => now },
    advance: (ms: number) => {
      now += ms;
    },
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
      await Promise.resolve();
    },
  };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('admit', () => {
  it.each([
    { inFlight: 0, endedAt: [], expected: { kind: 'go' } },
    { inFlight: 2, endedAt: [], expected: { kind: 'waitForEnd' } },
    { inFlight: 1, endedAt: [100], expected: { kind: 'wait', ms: 100 } },
    { inFlight: 0, endedAt: [100, 500], expected: { kind: 'wait', ms: 100 } },
    // An end older than the window no longer holds a slot.
    { inFlight: 1, endedAt: [0], expected: { kind: 'go' } },
  ])('inFlight $inFlight ended $endedAt at 1000, limit 2', ({ inFlight, endedAt, expected }) => {
    expect(admit({ inFlight, endedAt }, 1000, 2, 1000)).toEqual(expected);
  });

  it('waits out a pause first', () => {
    expect(admit({ inFlight: 0, endedAt: [] }, 1000, 2, 1000, 1400)).toEqual({
      kind: 'wait',
      ms: 400,
    });
  });
});

describe('createLimiter', () => {
  it('starts at most `limit` calls per window, in FIFO order', async () => {
    const t = fakeTime();
    const limiter = createLimiter({ clock: t.clock, limit: 3, windowMs: 1000, sleep: t.sleep });
    const starts: { i: number; at: number }[] = [];
    const calls = Array.from({ length: 10 }, (_, i) =>
      limiter.run(async () => {
        starts.push({ i, at: t.clock.now() });
        return i;
      }),
    );
    expect(await Promise.all(calls)).toEqual([...Array(10).keys()]);
    expect(starts.map((s) => s.i)).toEqual([...Array(10).keys()]);
    for (const s of starts) {
      const inWindow = starts.filter((o) => o.at >= s.at && o.at < s.at + 1000);
      expect(inWindow.length).toBeLessThanOrEqual(3);
    }
    // 10 calls at 3 per second need at least three windows after the first.
    expect((starts.at(-1)?.at ?? 0) - (starts[0]?.at ?? 0)).toBeGreaterThanOrEqual(3000);
  });

  it('holds a slot while a call is in flight and for a window after it ended', async () => {
    const t = fakeTime();
    const limiter = createLimiter({ clock: t.clock, limit: 1, windowMs: 1000, sleep: t.sleep });
    let release: () => void = () => undefined;
    const first = limiter.run(() => new Promise<string>((r) => (release = () => r('a'))));
    let secondStartedAt: number | null = null;
    const second = limiter.run(async () => {
      secondStartedAt = t.clock.now();
      return 'b';
    });
    await flush();
    // In flight for 5 s of slow network: the second call must not start meanwhile.
    t.advance(5000);
    await flush();
    expect(secondStartedAt).toBeNull();
    const endedAt = t.clock.now();
    release();
    expect(await first).toBe('a');
    expect(await second).toBe('b');
    expect(secondStartedAt).toBeGreaterThanOrEqual(endedAt + 1000);
  });

  it('passes a failure through and frees the slot', async () => {
    const t = fakeTime();
    const limiter = createLimiter({ clock: t.clock, limit: 1, windowMs: 1000, sleep: t.sleep });
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(
      limiter.run(() => {
        throw new Error('sync boom');
      }),
    ).rejects.toThrow('sync boom');
    expect(await limiter.run(async () => 'ok')).toBe('ok');
    expect(limiter.waiting).toBe(0);
  });

  it('pause delays every queued call', async () => {
    const t = fakeTime();
    const limiter = createLimiter({ clock: t.clock, limit: 5, windowMs: 1000, sleep: t.sleep });
    const before = t.clock.now();
    limiter.pause(1500);
    const at = await limiter.run(async () => t.clock.now());
    expect(at - before).toBeGreaterThanOrEqual(1500);
  });
});

describe('createLimiter when the clock steps back', () => {
  // NTP or a resumed VM can move the wall clock back. Calls that ended "in the
  // future" must not hold their slots (or a pause) for the length of the step.
  it('waits at most a window after a full window, not the length of the step', async () => {
    const t = fakeTime();
    const limiter = createLimiter({ clock: t.clock, limit: 2, windowMs: 1000, sleep: t.sleep });
    await Promise.all([limiter.run(async () => 1), limiter.run(async () => 2)]);
    t.advance(-3_600_000);
    expect(await limiter.run(async () => 'third')).toBe('third');
    expect(Math.max(...t.sleeps)).toBeLessThanOrEqual(1000);
  });

  it('a pause is not stretched by the step either', async () => {
    const t = fakeTime();
    const limiter = createLimiter({ clock: t.clock, limit: 2, windowMs: 1000, sleep: t.sleep });
    limiter.pause(2000);
    t.advance(-3_600_000);
    expect(await limiter.run(async () => 'ok')).toBe('ok');
    expect(t.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2000);
  });
});
