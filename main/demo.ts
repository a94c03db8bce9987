/**
 * Demo mode: the DingTalk simulator runs in-process with the demo
 * organisation on a live clock, and Daka talks to it over loopback HTTP exactly
 * as it would to DingTalk. Nothing leaves the machine.
 */
import type { DemoBackend } from './identity/identity';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  DEMO_USERS,
  SimClock,
  startSimulator,
} from './dingtalk/simulator';

export async function startDemoBackend(): Promise<DemoBackend> {
  const sim = await startSimulator({ clock: new SimClock({ running: true }) });
  const user = sim.org.users.find((u) => u.userid === DEMO_USERS.fixed);
  return {
    urls: sim.urls,
    appKey: DEMO_APP_KEY,
    appSecret: DEMO_APP_SECRET,
    userId: DEMO_USERS.fixed,
    userName: user?.name ?? DEMO_USERS.fixed,
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
