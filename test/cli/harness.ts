/**
 * Drives `runCli` in-process against a running simulator: a fresh temp
 * DAKA_HOME, an environment pointing at the simulator, the simulator's frozen
 * clock as the CLI's clock, and a "browser" that follows the login page.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runCli } from '../../main/cli';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  DEMO_USERS,
  SimClock,
  type Simulator,
  startSimulator,
} from '../../main/dingtalk/simulator';
import { parseDingTalk } from '../../shared/time';

export const SH = 'Asia/Shanghai';
export const at = (text: string) => parseDingTalk(text, SH);

/** Friday 2026-11-27 in the demo org: 张伟 (zhangwei) works 09:00–18:00. */
export const FRIDAY = '2026-11-27';

export type Env = Record<string, string | undefined>;

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The login "browser": opens DingTalk's authorize page (the simulator approves
 * at once and redirects) and follows the redirect to Daka's loopback receiver.
 * It refuses anything but 127.0.0.1, so a misconfigured login base cannot reach
 * the real DingTalk from a test.
 */
export async function loopbackBrowser(url: string): Promise<void> {
  if (new URL(url).hostname !== '127.0.0.1') throw new Error(`test browser: refusing ${url}`);
  const reply = await fetch(url, { redirect: 'manual' });
  const location = reply.headers.get('location');
  if (location) await fetch(location);
}

/** A port nothing listens on (a pulled cable: connection refused at once). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Every file under a folder, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Exactly one line on stderr, ending with a newline. */
export function expectOneLine(stderr: string): string {
  expect(stderr.endsWith('\n'), stderr).toBe(true);
  const lines = stderr.slice(0, -1).split('\n');
  expect(lines, stderr).toHaveLength(1);
  return lines[0] as string;
}

export interface CliFixture {
  sim: Simulator;
  /** DAKA_HOME of this fixture (fresh, empty). */
  home: string;
  /** A folder outside DAKA_HOME, where an administrator's files would be. */
  outside: string;
  /** The environment of a configured employee: the simulator's app, DAKA_USER_ID, English. */
  env: Env;
  /** The same, with DingTalk unreachable (both bases on a closed port). */
  offlineEnv(): Promise<Env>;
  run(argv: string[], env?: Env): Promise<Run>;
  /** A provisioning object for the simulator's demo app (http loopback bases). */
  provisioning(extra?: Record<string, unknown>): Record<string, unknown>;
  /** Writes a file outside DAKA_HOME and returns its path. */
  writeFile(name: string, content: string): string;
  /** The simulator's request paths since the last clearLog(). */
  paths(): string[];
  close(): Promise<void>;
}

export async function startCli(options: { start: string }): Promise<CliFixture> {
  const sim = await startSimulator({ clock: new SimClock({ start: at(options.start) }) });
  const root = mkdtempSync(join(tmpdir(), 'daka-cli-test-'));
  const home = join(root, 'home');
  const outside = join(root, 'admin');
  mkdirSync(outside);
  const env: Env = {
    DAKA_HOME: home,
    DAKA_APP_KEY: DEMO_APP_KEY,
    DAKA_APP_SECRET: DEMO_APP_SECRET,
    DAKA_OAPI_BASE: sim.urls.oapiBase,
    DAKA_API_BASE: sim.urls.apiBase,
    DAKA_USER_ID: DEMO_USERS.fixed,
    LANG: 'C',
  };
  return {
    sim,
    home,
    outside,
    env,
    offlineEnv: async () => {
      const port = await closedPort();
      const base = `http://127.0.0.1:${port}`;
      return { ...env, DAKA_OAPI_BASE: base, DAKA_API_BASE: base };
    },
    run: async (argv, runEnv = env) => {
      let stdout = '';
      let stderr = '';
      const code = await runCli(argv, {
        env: runEnv,
        stdout: (text) => {
          stdout += text;
        },
        stderr: (text) => {
          stderr += text;
        },
        clock: sim.clock,
        openUrl: loopbackBrowser,
        version: 'test',
      });
      return { code, stdout, stderr };
    },
    provisioning: (extra = {}) => ({
      version: 1,
      appKey: DEMO_APP_KEY,
      appSecret: DEMO_APP_SECRET,
      oapiBase: sim.urls.oapiBase,
      apiBase: sim.urls.apiBase,
      loginBase: sim.urls.loginBase,
      ...extra,
    }),
    writeFile: (name, content) => {
      const path = join(outside, name);
      writeFileSync(path, content);
      return path;
    },
    paths: () => sim.requests.map((r) => r.path),
    close: async () => {
      await sim.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
