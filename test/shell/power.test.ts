import { describe, expect, it } from 'vitest';
import {
  LINUX_POLL_MS,
  waitForOnline,
  watchPower,
  type ReplanTrigger,
} from '../../main/shell/power';
import { createFakeElectron } from '../fakes/electron';
import { manualClock } from './fixtures';

/** Interval timers the test fires by hand. */
function manualTimers() {
  const intervals = new Map<number, { callback: () => void; ms: number }>();
  let next = 1;
  return {
    intervals,
    setInterval(callback: () => void, ms: number) {
      const id = next++;
      intervals.set(id, { callback, ms });
      return id;
    },
    clearInterval(handle: unknown) {
      intervals.delete(handle as number);
    },
    fire() {
      for (const { callback } of intervals.values()) callback();
    },
  };
}

function setup(platform: NodeJS.Platform) {
  const { powerMonitor } = createFakeElectron({ platform });
  const timers = manualTimers();
  const triggers: ReplanTrigger[] = [];
  const watcher = watchPower({
    powerMonitor,
    platform,
    timers,
    onTrigger: (t) => triggers.push(t),
  });
  return { powerMonitor, timers, triggers, watcher };
}

describe('watchPower', () => {
  it('re-plans on resume and on unlock, and tracks the lock', () => {
    const { powerMonitor, triggers, watcher, timers } = setup('darwin');
    powerMonitor.emit('resume');
    powerMonitor.emit('lock-screen');
    expect(watcher.isLocked()).toBe(true);
    powerMonitor.emit('unlock-screen');
    expect(watcher.isLocked()).toBe(false);
    expect(triggers).toEqual(['resume', 'unlock']);
    expect(timers.intervals.size).toBe(0);
  });

  it('on Linux polls the idle state and reports locked → active as an unlock', () => {
    const { powerMonitor, triggers, timers, watcher } = setup('linux');
    expect([...timers.intervals.values()].map((i) => i.ms)).toEqual([LINUX_POLL_MS]);
    const sequence = ['active', 'idle', 'locked', 'locked', 'unknown', 'active', 'active'] as const;
    const lockedSeen: boolean[] = [];
    for (const state of sequence) {
      powerMonitor.idleState = state;
      timers.fire();
      lockedSeen.push(watcher.isLocked());
    }
    expect(triggers).toEqual(['unlock']);
    expect(lockedSeen).toEqual([false, false, true, true, true, false, false]);
    expect(new Set(powerMonitor.idleQueries)).toEqual(new Set([60]));
  });

  it('stop removes every listener and the poll', () => {
    const { powerMonitor, triggers, timers, watcher } = setup('linux');
    watcher.stop();
    powerMonitor.emit('resume');
    powerMonitor.emit('unlock-screen');
    expect(triggers).toEqual([]);
    expect(timers.intervals.size).toBe(0);
    expect(powerMonitor.listenerCount('resume')).toBe(0);
  });
});

describe('waitForOnline', () => {
  function harness(online: (attempt: number) => boolean | Error) {
    const clock = manualClock();
    const slept: number[] = [];
    let attempts = 0;
    return {
      clock,
      slept,
      attempts: () => attempts,
      probe: () => {
        attempts += 1;
        const result = online(attempts);
        return result instanceof Error ? Promise.reject(result) : Promise.resolve(result);
      },
      sleep: (ms: number) => {
        slept.push(ms);
        clock.advance(ms);
        return Promise.resolve();
      },
    };
  }

  it('returns at once when already online', async () => {
    const h = harness(() => true);
    await expect(waitForOnline({ ...h, timeoutMs: 60_000 })).resolves.toBe(true);
    expect(h.slept).toEqual([]);
  });

  it('retries with exponential backoff until the network is up', async () => {
    const h = harness((n) => n >= 4);
    await expect(waitForOnline({ ...h, timeoutMs: 60_000, firstDelayMs: 1_000 })).resolves.toBe(
      true,
    );
    expect(h.slept).toEqual([1_000, 2_000, 4_000]);
  });

  it('counts a failing probe as offline', async () => {
    const h = harness((n) => (n === 1 ? new Error('ENOTFOUND') : true));
    await expect(waitForOnline({ ...h, timeoutMs: 60_000 })).resolves.toBe(true);
  });

  it('gives up quietly after the timeout, never sleeping past it', async () => {
    const h = harness(() => false);
    await expect(
      waitForOnline({ ...h, timeoutMs: 20_000, firstDelayMs: 1_000, maxDelayMs: 8_000 }),
    ).resolves.toBe(false);
    expect(h.slept).toEqual([1_000, 2_000, 4_000, 8_000, 5_000]);
    expect(h.slept.reduce((a, b) => a + b, 0)).toBe(20_000);
    expect(h.attempts()).toBe(6);
  });
});
