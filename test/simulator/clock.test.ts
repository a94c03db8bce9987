import { describe, expect, it } from 'vitest';
import { SimClock } from '../../main/dingtalk/simulator';

describe('SimClock', () => {
  it('stays where it is put when frozen', () => {
    let real = 1_000;
    const clock = new SimClock({ start: 5_000, realNow: () => real });
    real += 60_000;
    expect(clock.now()).toBe(5_000);
    clock.advance(250);
    expect(clock.now()).toBe(5_250);
    clock.set(9_000);
    expect(clock.now()).toBe(9_000);
  });

  it('follows real time from where it was set when running', () => {
    let real = 1_000;
    const clock = new SimClock({ start: 5_000, running: true, realNow: () => real });
    real += 300;
    expect(clock.now()).toBe(5_300);
    clock.advance(3_600_000);
    real += 200;
    expect(clock.now()).toBe(3_605_500);
    clock.pause();
    real += 10_000;
    expect(clock.now()).toBe(3_605_500);
    clock.resume();
    real += 1;
    expect(clock.now()).toBe(3_605_501);
  });

  it('starts at the real time by default', () => {
    const clock = new SimClock({ realNow: () => 42 });
    expect(clock.now()).toBe(42);
    expect(clock.isRunning).toBe(false);
  });
});
