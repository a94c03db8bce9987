/**
 * Demo mode: the DingTalk simulator runs in-process with the demo
 * organisation on a live clock, and Daka talks to it over loopback HTTP exactly
 * as it would to DingTalk. Nothing leaves the machine.
 */
import type { DemoBackend } from './identity/identity';
import { dateKey } from '../shared/time';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  DEMO_USERS,
  SimClock,
  type Simulator,
  startSimulator,
} from './dingtalk/simulator';
import { scheduleDay } from './dingtalk/simulator/schedule';

/**
 * Demo mode plays the office worker; on their day off (a weekend demo) it plays
 * a colleague who works today, so there is something to clock in for.
 */
export function demoUserFor(org: Simulator['org'], date: string): string {
  const candidates = [DEMO_USERS.fixed, DEMO_USERS.turn, DEMO_USERS.night];
  return (
    candidates.find((userid) => scheduleDay(org, userid, date).kind === 'work') ?? DEMO_USERS.fixed
  );
}

export async function startDemoBackend(): Promise<DemoBackend> {
  const sim = await startSimulator({ clock: new SimClock({ running: true }) });
  const userId = demoUserFor(sim.org, dateKey(sim.clock.now(), sim.org.timeZone));
  const user = sim.org.users.find((u) => u.userid === userId);
  sim.setLoginUser(userId);
  return {
    urls: sim.urls,
    appKey: DEMO_APP_KEY,
    appSecret: DEMO_APP_SECRET,
    userId,
    userName: user?.name ?? userId,
    // The demo's "browser": DingTalk's authorize page approves as the demo user
    // and redirects to our loopback receiver.
    approveLogin: async (url) => {
      const reply = await fetch(url, { redirect: 'manual' });
      const location = reply.headers.get('location');
      if (location) await fetch(location);
    },
    close: () => sim.close(),
  };
}
