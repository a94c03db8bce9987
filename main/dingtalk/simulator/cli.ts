/**
 * `npm run simulator` / `daka simulator`: the simulator with the demo org on
 * 127.0.0.1, a running clock, until Ctrl+C (or the given signal aborts).
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { SimClock } from './clock';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  DEMO_CORP_ID,
  DEMO_ROBOT_SECRET,
  DEMO_ROBOT_TOKEN,
  demoOrg,
} from './demo';
import { startSimulator } from './server';
import type { Simulator } from './server';

const USAGE = `Usage: simulator [--port N]

Runs the DingTalk simulator on 127.0.0.1 with the demo organisation.
  --port N   listen on port N (default: a free port)
  --help     show this help
`;

export interface SimulatorCliIo {
  write?: (text: string) => void;
  /** Stops the simulator (default: Ctrl+C / SIGTERM). */
  signal?: AbortSignal;
  /** Called once the simulator listens (tests use it). */
  onReady?: (sim: Simulator) => void;
}

function banner(sim: Simulator): string {
  const users = sim.org.users
    .map((u) => {
      const group = sim.org.groups.find((g) => g.members.includes(u.userid));
      const role = u.admin ? ', admin' : '';
      return `  ${u.userid.padEnd(10)} ${u.name}  ${u.mobile}  ${group ? `${group.name} (${group.type})` : 'no group'}${role}`;
    })
    .join('\n');
  return [
    `DingTalk simulator listening on ${sim.urls.oapiBase}`,
    `  oapiBase  ${sim.urls.oapiBase}`,
    `  apiBase   ${sim.urls.apiBase}`,
    `  loginBase ${sim.urls.loginBase}`,
    '',
    `Demo app: AppKey ${DEMO_APP_KEY}  AppSecret ${DEMO_APP_SECRET}  corpId ${DEMO_CORP_ID}`,
    `Robot:    access_token ${DEMO_ROBOT_TOKEN}  secret ${DEMO_ROBOT_SECRET}`,
    '',
    'Users (userid, name, mobile, attendance group):',
    users,
    '',
    'Press Ctrl+C to stop.',
    '',
  ].join('\n');
}

/** Resolves with an exit code once the simulator has stopped (or at once on bad arguments). */
export async function runSimulatorCli(argv: string[], io: SimulatorCliIo = {}): Promise<number> {
  const write = io.write ?? ((text: string) => process.stdout.write(text));
  let port = 0;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { port: { type: 'string' }, help: { type: 'boolean' } },
    });
    if (values.help) {
      write(USAGE);
      return 0;
    }
    if (values.port !== undefined) {
      port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('bad --port');
    }
  } catch (error) {
    write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const sim = await startSimulator({
    org: demoOrg(),
    clock: new SimClock({ running: true }),
    port,
  });
  write(banner(sim));
  io.onReady?.(sim);
  await new Promise<void>((resolve) => {
    if (io.signal) {
      if (io.signal.aborted) resolve();
      else io.signal.addEventListener('abort', () => resolve(), { once: true });
      return;
    }
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await sim.close();
  write('Simulator stopped.\n');
  return 0;
}

const invokedPath = process.argv[1];
if (invokedPath && import.meta.url === pathToFileURL(invokedPath).href) {
  process.exitCode = await runSimulatorCli(process.argv.slice(2));
}
