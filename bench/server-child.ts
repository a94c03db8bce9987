/**
 * A Daka Server (startDakaServer) in a process of its own, so a bench can read
 * the server's own memory and the server gets its own core. Started by
 * `forkServer` with IPC: it answers 'memory' with process.memoryUsage() and
 * 'close' with a graceful shutdown. Its clock is a running SimClock mapped to
 * real time exactly as the parent's (same simulated origin at the same real
 * instant), so both sides agree on the time. With `databaseUrl` it runs on that
 * PostgreSQL database (DATABASE_URL) instead of SQLite in its data folder.
 */
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  SimClock,
  type SimulatorUrls,
} from '../main/dingtalk/simulator';
import { silentLogger } from '../main/ports';
import { DATABASE_FILE, startDakaServer } from '../server/app';
import { loadConfig } from '../server/config';
import { freePort } from '../server/demo';
import { NO_HTTP_LIMITS, type Seat, seatCodes } from './server-harness';

export interface ChildOptions {
  urls: SimulatorUrls;
  /** Simulated time at real time `realOrigin` (epoch ms); the clock runs from there. */
  simOrigin: number;
  realOrigin: number;
  /** PostgreSQL (a database or schema of the bench's own); absent or null: SQLite. */
  databaseUrl?: string | null;
}

interface Ready {
  kind: 'ready';
  url: string;
}
interface Memory {
  kind: 'memory';
  usage: NodeJS.MemoryUsage;
}
type FromChild = Ready | Memory | { kind: 'closed' } | { kind: 'clock' } | { kind: 'seated' };
type ToChild = 'memory' | 'close' | { clock: number } | { seat: Seat[] };

export interface ServerProcess {
  url: string;
  memory(): Promise<NodeJS.MemoryUsage>;
  /** Seats one-time codes in the server's database (seatCodes). */
  seat(seats: Seat[]): Promise<void>;
  /** Sets the server's clock (the caller sets its own at the same moment). */
  setClock(simNow: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts the server child and waits until it listens. */
export function forkServer(options: ChildOptions): Promise<ServerProcess> {
  const child = fork(fileURLToPath(import.meta.url), [JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const next = (kind: FromChild['kind']) =>
    new Promise<FromChild>((resolve, reject) => {
      const onMessage = (m: FromChild) => {
        if (m.kind !== kind) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m);
      };
      const onExit = (code: number | null) => {
        child.off('message', onMessage);
        reject(new Error(`the server process exited (${code ?? 'signal'}) before '${kind}'`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  return next('ready').then((ready) => ({
    url: (ready as Ready).url,
    async memory() {
      const reply = next('memory');
      child.send('memory' satisfies ToChild);
      return ((await reply) as Memory).usage;
    },
    async seat(seats) {
      const done = next('seated');
      child.send({ seat: seats } satisfies ToChild);
      await done;
    },
    async setClock(simNow) {
      const done = next('clock');
      child.send({ clock: simNow } satisfies ToChild);
      await done;
    },
    async close() {
      const closed = next('closed');
      child.send('close' satisfies ToChild);
      await closed;
    },
  }));
}

async function main(options: ChildOptions): Promise<void> {
  const clock = new SimClock({
    start: options.simOrigin + (Date.now() - options.realOrigin),
    running: true,
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'daka-bench-server-'));
  const port = await freePort();
  const { config } = loadConfig({
    env: {
      DAKA_SERVER_APP_KEY: DEMO_APP_KEY,
      DAKA_SERVER_APP_SECRET: DEMO_APP_SECRET,
      DAKA_SERVER_PORT: String(port),
      DAKA_SERVER_DATA: dataDir,
      DAKA_SERVER_OAPI_BASE: options.urls.oapiBase,
      DAKA_SERVER_API_BASE: options.urls.apiBase,
      DAKA_SERVER_LOGIN_BASE: options.urls.loginBase,
      DAKA_SERVER_LOG_LEVEL: 'error',
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    },
    home: dataDir,
  });
  const server = await startDakaServer({
    config,
    clock,
    logger: silentLogger,
    logStream: { write: () => undefined },
    http: { rateLimit: NO_HTTP_LIMITS },
  });
  const send = (m: FromChild) => process.send?.(m);
  process.on('message', (m: ToChild) => {
    if (typeof m === 'object' && 'clock' in m) {
      clock.set(m.clock);
      send({ kind: 'clock' });
    }
    if (typeof m === 'object' && 'seat' in m) {
      const store = { file: join(dataDir, DATABASE_FILE), databaseUrl: options.databaseUrl };
      void seatCodes(store, m.seat, clock.now()).then(() => send({ kind: 'seated' }));
    }
    if (m === 'memory') send({ kind: 'memory', usage: process.memoryUsage() });
    if (m === 'close') {
      void server
        .close()
        .then(() => rm(dataDir, { recursive: true, force: true }))
        .then(() => {
          send({ kind: 'closed' });
          process.disconnect();
        });
    }
  });
  // The parent went away without closing: do not linger.
  process.on('disconnect', () => {
    void server.close().finally(() => process.exit(0));
  });
  send({ kind: 'ready', url: `http://127.0.0.1:${port}` });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(JSON.parse(process.argv[2] ?? '{}') as ChildOptions);
}
