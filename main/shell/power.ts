/**
 * When to re-plan the day: after the machine wakes up and after the screen is
 * unlocked (the employee is back at the desk). Linux has no unlock event, so
 * there the cheap local idle state is polled and a locked → unlocked change
 * counts as an unlock. Also: waiting for the network at autostart before
 * judging anything.
 */
import { systemClock, type Clock } from '../ports';

export type ReplanTrigger = 'resume' | 'unlock';

type PowerEvent = 'resume' | 'lock-screen' | 'unlock-screen';

export interface PowerMonitorLike {
  on(event: PowerEvent, listener: () => void): unknown;
  removeListener(event: PowerEvent, listener: () => void): unknown;
  getSystemIdleState(idleThreshold: number): 'active' | 'idle' | 'locked' | 'unknown';
}

export interface IntervalTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export const LINUX_POLL_MS = 30_000;
/** Seconds of inactivity after which the OS calls the user idle; only 'locked' matters here. */
const IDLE_THRESHOLD_S = 60;

export interface PowerWatcher {
  /** Whether the screen is locked, as far as this platform tells. */
  isLocked(): boolean;
  stop(): void;
}

export function watchPower(opts: {
  powerMonitor: PowerMonitorLike;
  platform: NodeJS.Platform;
  timers: IntervalTimers;
  onTrigger: (trigger: ReplanTrigger) => void;
  pollMs?: number;
}): PowerWatcher {
  const { powerMonitor, platform, timers, onTrigger } = opts;
  let locked = false;

  const onResume = () => onTrigger('resume');
  const onLock = () => {
    locked = true;
  };
  const onUnlock = () => {
    locked = false;
    onTrigger('unlock');
  };
  powerMonitor.on('resume', onResume);
  powerMonitor.on('lock-screen', onLock);
  powerMonitor.on('unlock-screen', onUnlock);

  let poll: unknown = null;
  if (platform === 'linux') {
    poll = timers.setInterval(() => {
      const state = powerMonitor.getSystemIdleState(IDLE_THRESHOLD_S);
      if (state === 'locked') onLock();
      else if (state !== 'unknown' && locked) onUnlock();
    }, opts.pollMs ?? LINUX_POLL_MS);
  }

  return {
    isLocked: () => locked,
    stop() {
      powerMonitor.removeListener('resume', onResume);
      powerMonitor.removeListener('lock-screen', onLock);
      powerMonitor.removeListener('unlock-screen', onUnlock);
      if (poll !== null) timers.clearInterval(poll);
      poll = null;
    },
  };
}

/**
 * Resolve true as soon as `probe` says the network is up, retrying with
 * exponential backoff; resolve false (quietly) once `timeoutMs` has passed.
 * A probe that throws counts as offline.
 */
export async function waitForOnline(opts: {
  probe: () => Promise<boolean>;
  timeoutMs: number;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  firstDelayMs?: number;
  maxDelayMs?: number;
}): Promise<boolean> {
  const clock = opts.clock ?? systemClock;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const start = clock.now();
  let delay = opts.firstDelayMs ?? 1_000;
  const maxDelay = opts.maxDelayMs ?? 30_000;

  for (;;) {
    const online = await opts.probe().catch(() => false);
    if (online) return true;
    const left = opts.timeoutMs - (clock.now() - start);
    if (left <= 0) return false;
    await sleep(Math.min(delay, left));
    delay = Math.min(delay * 2, maxDelay);
  }
}
