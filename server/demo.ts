/**
 * Server demo mode: with no DingTalk app configured, `npm run server` starts
 * the DingTalk simulator in-process (the demo organisation, a clock following
 * real time) and a Daka Server talking to it over loopback HTTP, so a newcomer
 * can try company-server mode on one machine. Nothing leaves 127.0.0.1.
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { demoUserFor } from '../main/demo';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  DEMO_CORP_ID,
  DEMO_USERS,
  demoOrg,
  SimClock,
  type Simulator,
  startSimulator,
} from '../main/dingtalk/simulator';
import { dateKey } from '../shared/time';
import { type RunningServer, type StartOptions, startDakaServer } from './app';
import type { DakaServerConfig } from './config';

export interface DemoServer extends RunningServer {
  simulator: Simulator;
  /** Whom the simulator's browser login signs in as. */
  userId: string;
}

/** A port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** The configuration, pointed at the simulator, on loopback only whatever was asked. */
export function demoConfig(base: DakaServerConfig, simulator: Simulator): DakaServerConfig {
  const port = base.listen.port;
  return {
    ...base,
    appKey: DEMO_APP_KEY,
    appSecret: DEMO_APP_SECRET,
    corpId: DEMO_CORP_ID,
    listen: { host: '127.0.0.1', port },
    publicUrl: `http://127.0.0.1:${port}`,
    // Demo data never mixes with a real server's.
    dataDir: join(base.dataDir, 'demo'),
    timeZone: simulator.org.timeZone,
    // A newcomer trying the demo is its administrator too: /admin works at once.
    admins: base.admins.length > 0 ? base.admins : Object.values(DEMO_USERS),
    dingtalk: { ...simulator.urls },
    stream: false,
    tls: null,
  };
}

export async function startDemoServer(
  base: DakaServerConfig,
  options: Omit<StartOptions, 'config' | 'demo'> = {},
): Promise<DemoServer> {
  const clock = new SimClock({ running: true });
  const simulator = await startSimulator({ org: demoOrg(), clock });
  const userId = demoUserFor(simulator.org, dateKey(clock.now(), simulator.org.timeZone));
  simulator.setLoginUser(userId);
  try {
    // The public URL (DPoP htu, the login redirect) must name the port actually bound.
    const port = base.listen.port === 0 ? await freePort() : base.listen.port;
    const config = demoConfig({ ...base, listen: { ...base.listen, port } }, simulator);
    const server = await startDakaServer({ ...options, config, clock, demo: true });
    return {
      ...server,
      simulator,
      userId,
      close: async () => {
        await server.close();
        await simulator.close();
      },
    };
  } catch (error) {
    await simulator.close();
    throw error;
  }
}
