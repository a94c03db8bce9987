/**
 * `daka-server`: run the server (the demo against the in-process simulator
 * when no DingTalk app is configured), `init` a configuration, or run the
 * `doctor`. Human lines go to stderr; stdout carries the JSON log (run) or the
 * report (doctor --json).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CallMeter } from '../main/attendance/quota';
import { createDingTalkClient } from '../main/dingtalk';
import { ENDPOINTS } from '../main/dingtalk/endpoints';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  demoOrg,
  SimClock,
  startSimulator,
} from '../main/dingtalk/simulator';
import { type Store, systemClock } from '../main/ports';
import { AppError, toErrorPayload } from '../shared/errors';
import type { DoctorCheck } from '../shared/model';
import { describeError, resolveLanguage, type UiLanguage } from '../shared/i18n';
import { PATHS } from '../shared/server-api';
import { DATABASE_FILE, startDakaServer } from './app';
import {
  CONFIG_FILE_NAME,
  checkPublicUrl,
  DEFAULT_POLICIES,
  type DakaServerConfig,
  type Env,
  loadConfig,
} from './config';
import { startDemoServer } from './demo';
import { runServerDoctor } from './health';
import { backupSqlite, restoreSqlite } from './store/backup';
import { ADMIN_PATHS } from './admin/login';

export interface CliIo {
  env: Env;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Resolves on SIGINT/SIGTERM (run); tests resolve it themselves. */
  stopSignal?: Promise<unknown>;
}

const USAGE = `Usage:
  daka-server [--config FILE]                 run (the demo when no AppKey is configured)
  daka-server init [--public-url URL] [--file FILE] [--force]
                                              write a configuration (0600) and print what to
                                              register in the DingTalk developer console
  daka-server doctor [--json] [--config FILE] credentials, permissions, IP, token, quota
  daka-server backup <file> [--config FILE]   copy the SQLite database (safe while running)
  daka-server restore <file> [--config FILE]  replace it with a backup (server stopped; the
                                              database replaced is kept next to it)
  (PostgreSQL: pg_dump / pg_restore, see docs/server.md)
`;

function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  const value = i >= 0 ? argv[i + 1] : undefined;
  if (i >= 0 && (value === undefined || value.startsWith('--'))) {
    throw new AppError('invalidInput', `${name} needs a value`, { field: name });
  }
  return value;
}

/** Every permission scope the server's DingTalk calls need, as the console names them. */
export function requiredPermissions(): string[] {
  const scopes = Object.values(ENDPOINTS).flatMap((e) => ('permission' in e ? [e.permission] : []));
  return [...new Set(scopes)].filter((p) => p !== ENDPOINTS.getByMobile.permission);
}

export async function runServerCli(argv: string[], io: CliIo): Promise<number> {
  const language: UiLanguage = resolveLanguage(io.env.DAKA_LANG ?? '', io.env.LANG ?? '');
  try {
    const [command, ...rest] =
      argv[0]?.startsWith('--') || argv.length === 0 ? ['run', ...argv] : argv;
    if (command === 'help' || rest.includes('--help')) {
      io.stdout(USAGE);
      return 0;
    }
    if (command === 'run') return await run(rest, io);
    if (command === 'init') return init(rest, io);
    if (command === 'doctor') return await doctor(rest, io, language);
    if (command === 'backup' || command === 'restore') return await backup(command, rest, io);
    io.stderr(`daka-server: unknown command ${command}\n${USAGE}`);
    return 1;
  } catch (error) {
    const payload = toErrorPayload(error);
    io.stderr(`daka-server: ${payload.message}\n`);
    return 1;
  }
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const loaded = loadConfig({ env: io.env, file: flag(argv, '--config') });
  const write = { write: (line: string) => io.stdout(line) };
  let server: { url: string; close(): Promise<void> };
  if (loaded.kind === 'demo') {
    const demo = await startDemoServer(loaded.config, { logStream: write });
    server = demo;
    io.stderr(
      [
        `Daka Server (DEMO · 演示) on ${demo.url}`,
        `  simulated DingTalk: ${demo.simulator.urls.oapiBase} (demo organisation; browser login signs in as ${demo.userId})`,
        `  OpenAPI: ${demo.url}${PATHS.openapi}`,
        `  Admin console (管理后台): ${demo.url}/admin/ (every demo employee is an administrator)`,
        `  Connect a desktop: Daka → 公司服务器 / Company server → ${demo.url}`,
        `    (or a provisioning file {"version": 2, "server": "${demo.url}"})`,
        '  Real use: daka-server init, then set the AppKey and AppSecret.',
        '',
      ].join('\n'),
    );
  } else {
    server = await startDakaServer({ config: loaded.config, logStream: write });
    io.stderr(`Daka Server on ${server.url} (public URL ${loaded.config.publicUrl})\n`);
  }
  await (io.stopSignal ?? new Promise(() => undefined));
  io.stderr('daka-server: stopping (finishing uploads in flight)…\n');
  await server.close();
  return 0;
}

function init(argv: string[], io: CliIo): number {
  const publicUrl = checkPublicUrl(flag(argv, '--public-url') ?? 'https://daka.example.com');
  const dataDir = resolve(io.env.DAKA_SERVER_DATA ?? join(io.env.HOME ?? '.', '.daka-server'));
  const file = resolve(flag(argv, '--file') ?? join(dataDir, CONFIG_FILE_NAME));
  if (existsSync(file) && !argv.includes('--force')) {
    throw new AppError(
      'invalidInput',
      `${file} exists; add --force to replace it (已存在，加 --force 覆盖)`,
    );
  }
  const template = {
    appKey: 'dingxxxxxxxxxxxxxxxx',
    appSecret: 'REPLACE-WITH-THE-APP-SECRET',
    corpId: null,
    publicUrl,
    listen: { host: '127.0.0.1', port: 8780 },
    dataDir,
    admins: [],
    policies: DEFAULT_POLICIES,
    timeZone: 'Asia/Shanghai',
    operatorUserId: null,
    monthlyCap: 5000,
    stream: false,
    trustProxy: 1,
  };
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(template, null, 2)}\n`, { mode: 0o600 });
  io.stdout(
    [
      `Wrote ${file} (mode 0600). Fill in appKey and appSecret (应用凭证), then run: daka-server doctor`,
      '',
      'In the DingTalk developer console (钉钉开发者后台) for this internal app (企业内部应用):',
      '  安全设置 → 重定向URL (redirect URL), register exactly these two:',
      `    ${publicUrl}${PATHS.authCallback}    (desktops' sign-in)`,
      `    ${publicUrl}${ADMIN_PATHS.callback}    (admin console)`,
      '  权限管理 (permissions), grant:',
      ...requiredPermissions().map((p) => `    ${p}`),
      "  安全设置 → 服务器出口IP (IP whitelist): this server's public egress IP",
      '    (`daka-server doctor` shows the IP DingTalk sees when it is refused)',
      '',
    ].join('\n'),
  );
  return 0;
}

function memoryStore(): Store {
  const values = new Map<string, unknown>();
  return {
    get: <T>(key: string) => values.get(key) as T | undefined,
    set: (key, value) => void values.set(key, value),
    delete: (key) => void values.delete(key),
  };
}

/** The doctor's own client: it never writes to a running server's database. */
async function doctorChecks(config: DakaServerConfig, demo: boolean): Promise<DoctorCheck[]> {
  const sim = demo
    ? await startSimulator({ org: demoOrg(), clock: new SimClock({ running: true }) })
    : null;
  try {
    const meter = new CallMeter(
      memoryStore(),
      systemClock,
      () => config.timeZone,
      () => config.monthlyCap,
    );
    const api = createDingTalkClient({
      config: {
        appKey: sim ? DEMO_APP_KEY : config.appKey,
        appSecret: sim ? DEMO_APP_SECRET : config.appSecret,
        ...(sim ? sim.urls : config.dingtalk),
        timeZone: config.timeZone,
      },
      onCall: (event) => meter.record(event),
    });
    const probe = config.admins[0] ?? config.operatorUserId ?? (sim ? 'lina' : null);
    return await runServerDoctor({
      api,
      meter,
      clock: systemClock,
      timeZone: config.timeZone,
      probeUser: async () => probe,
    });
  } finally {
    await sim?.close();
  }
}

const MARK: Record<DoctorCheck['status'], string> = {
  pass: '✓',
  fail: '✗',
  warn: '!',
  skipped: '-',
};

async function doctor(argv: string[], io: CliIo, language: UiLanguage): Promise<number> {
  const loaded = loadConfig({ env: io.env, file: flag(argv, '--config') });
  const checks = await doctorChecks(loaded.config, loaded.kind === 'demo');
  const failed = checks.some((c) => c.status === 'fail');
  if (argv.includes('--json')) {
    io.stdout(`${JSON.stringify({ mode: loaded.kind, checks }, null, 2)}\n`);
    return failed ? 1 : 0;
  }
  const lines = [
    loaded.kind === 'demo' ? 'Daka Server doctor (DEMO: the simulator)' : 'Daka Server doctor',
  ];
  for (const c of checks) {
    const facts = Object.entries(c.facts)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    lines.push(
      `${MARK[c.status]} ${c.id}${c.subject ? ` ${c.subject}` : ''}${facts ? `  (${facts})` : ''}`,
    );
    if (c.error) {
      const text = describeError(language, c.error);
      lines.push(`    ${text.message}`, `    → ${text.fix}`);
    }
  }
  if (!loaded.config.admins[0] && !loaded.config.operatorUserId && loaded.kind === 'live') {
    lines.push('  (set admins or operatorUserId to probe the schedule and record permissions)');
  }
  io.stdout(`${lines.join('\n')}\n`);
  return failed ? 1 : 0;
}

/** backup / restore of the SQLite store; PostgreSQL has its own tools. */
async function backup(command: 'backup' | 'restore', argv: string[], io: CliIo): Promise<number> {
  const target = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--config');
  if (!target) throw new AppError('invalidInput', `daka-server ${command} <file>`);
  const { config } = loadConfig({ env: io.env, file: flag(argv, '--config') });
  if (config.databaseUrl) {
    io.stderr(
      `daka-server: the database is PostgreSQL; use ${
        command === 'backup'
          ? 'pg_dump --format=custom --file=daka.dump "$DATABASE_URL"'
          : 'pg_restore --clean --if-exists --dbname="$DATABASE_URL" daka.dump'
      } (docs/server.md)\n`,
    );
    return 1;
  }
  const live = join(config.dataDir, DATABASE_FILE);
  const file = resolve(target);
  if (command === 'backup') {
    const { pages } = await backupSqlite(live, file);
    io.stdout(`Backed up ${live} to ${file} (${pages} pages, mode 0600)\n`);
  } else {
    const kept = await restoreSqlite(file, live);
    io.stdout(
      `Restored ${live} from ${file}${kept ? `; the database it replaced is kept as ${kept}` : ''}\n`,
    );
  }
  return 0;
}

/** `node --import tsx server/cli.ts` (npm run server): run with the process's io and signals. */
export async function main(argv: string[]): Promise<number> {
  const stopSignal = new Promise<void>((resolveStop) => {
    const stop = () => {
      // A second signal while closing: leave at once.
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolveStop();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return runServerCli(argv, {
    env: process.env,
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stopSignal,
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
