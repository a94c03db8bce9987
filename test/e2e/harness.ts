/**
 * The browser harness: serves the BUILT popup (out/renderer) on 127.0.0.1 and
 * implements `window.daka` over HTTP with the very handler table and
 * validation the Electron IPC uses (`createHandlers` + `dispatch`), backed by
 * a real Engine talking to the DingTalk simulator over real HTTP. Only the
 * transport differs: a same-origin script (bridge-client.ts) injected into
 * index.html before the app's module script turns each channel into
 * POST /__daka/<channel> and listens to pushed events on /__daka/events.
 * Every page goes out with the app's CSP header (main/shell/app-protocol.ts).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { EventName, Events, Policies, View } from '../../shared/contract';
import type { SettingsPatch } from '../../shared/settings';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  type SimOrg,
  SimClock,
  type Simulator,
  startSimulator,
} from '../../main/dingtalk/simulator';
import { startDemoBackend } from '../../main/demo';
import { Engine, type EngineStores } from '../../main/engine';
import { createHandlers, headlessPlatform } from '../../main/handlers';
import { MemoryStore, TestCipher } from '../../main/node-ports';
import type { Logger } from '../../main/ports';
import {
  APP_INDEX_URL,
  CONTENT_SECURITY_POLICY,
  contentTypeOf,
  resolveAppFile,
} from '../../main/shell/app-protocol';
import { dispatch } from '../../main/shell/ipc';
import { at, switchableFetch } from '../helpers/engine-fixture';
import { BRIDGE_BASE } from './wire';

const REPO = resolve(import.meta.dirname, '../..');
export const DEFAULT_RENDERER_DIR = join(REPO, 'out', 'renderer');
const MAX_BODY_BYTES = 256 * 1024;

export interface HarnessOptions {
  /** Simulated time at start, "yyyy-MM-dd HH:mm:ss" in Asia/Shanghai (the simulator's clock). */
  start: string;
  /** The built renderer (default out/renderer). */
  rendererDir?: string;
  /** The DingTalk organisation (default: the simulator's demo org). */
  org?: SimOrg;
  /** Policies written into the provisioning file. */
  policies?: Partial<Policies>;
  /** Start configured from the provisioning file and signed in through browser login. */
  signedIn?: boolean;
  settings?: SettingsPatch;
  /**
   * Every reply the engine gets carries the simulated time in its Date header,
   * as a company server on the simulator's clock would send it in production
   * (Node stamps the real time; the engine measures the server's clock by it).
   */
  simulatedDates?: boolean;
  /**
   * Demo mode is offered (main/demo.ts, its own simulator on its own clock, started at 08:40
   * of the workday `start` falls in), and reminders are planned on every 'replan' as the
   * app's shell does, so a reminder "play the day" passes shows.
   */
  demo?: boolean;
}

export interface Harness {
  /** The popup's address (index.html with the bridge). */
  url: string;
  sim: Simulator;
  engine: Engine;
  stores: EngineStores;
  /** The engine's network: `setOffline(true)` is a pulled cable. */
  net: ReturnType<typeof switchableFetch>;
  /** The provisioning file the picker returns by default. */
  provisioningFile: string;
  /** Provisioning JSON for this simulator; `extra` overrides top-level fields. */
  provisioning(extra?: Record<string, unknown>): string;
  /** Writes a provisioning file into the harness's folder and returns its path. */
  writeFile(name: string, text: string): Promise<string>;
  /** The file the next pickProvisioningFile returns (null: the dialog is cancelled). */
  pickNext(path: string | null): void;
  /** Pushes an event to every open page, as main does (tray menu, notification). */
  push<E extends EventName>(event: E, payload: Events[E]): void;
  navigate(view: View): void;
  /** URLs the login "browser" visited, in order. */
  readonly browserVisits: readonly string[];
  /** Handler crashes (internal errors), failed browser visits: each is a bug. */
  problems(): string[];
  close(): Promise<void>;
}

/** The page's bridge, bundled once per process (esbuild, a few milliseconds). */
let bridgeScript: Promise<string> | null = null;
function bundleBridge(): Promise<string> {
  bridgeScript ??= build({
    entryPoints: [join(import.meta.dirname, 'bridge-client.ts')],
    bundle: true,
    format: 'iife',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]?.text ?? '');
  return bridgeScript;
}

/**
 * index.html with the bridge's script before the app's module script. Deferred
 * scripts and module scripts run in document order once the page is parsed, so
 * `window.daka` exists before the app's first line, like the preload's bridge,
 * without blocking the parser.
 */
export function injectBridge(html: string): string {
  const marker = '<script type="module"';
  if (!html.includes(marker)) throw new Error('index.html has no module script to precede');
  return html.replace(
    marker,
    `<script defer src="${BRIDGE_BASE}bridge.js"></script>\n    ${marker}`,
  );
}

/**
 * What a browser does with the authorize URL: follow the redirects (the
 * simulator approves as its login user and sends the browser to the engine's
 * loopback receiver), like main/demo.ts's approveLogin, hop by hop.
 */
async function browse(url: string, visits: string[]): Promise<void> {
  let next: string | null = url;
  for (let hop = 0; next !== null && hop < 5; hop++) {
    visits.push(next);
    const reply: Response = await fetch(next, { redirect: 'manual' });
    await reply.arrayBuffer();
    const location = reply.headers.get('location');
    if (location === null && reply.status >= 400) {
      throw new Error(`${next} answered ${reply.status}`);
    }
    next = location === null ? null : new URL(location, next).href;
  }
}

/** Tests never leave the machine: a request elsewhere (a default DingTalk URL) is refused and reported. */
function loopbackOnly(fetchFn: typeof fetch, problems: string[]): typeof fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname !== '127.0.0.1') {
      problems.push(`the engine tried to reach ${url.origin}`);
      return Promise.reject(new TypeError('fetch failed: tests stay on 127.0.0.1'));
    }
    return fetchFn(input, init);
  };
}

function withSimulatedDates(fetchFn: typeof fetch, clock: SimClock): typeof fetch {
  return async (input, init) => {
    const reply = await fetchFn(input, init);
    const headers = new Headers(reply.headers);
    headers.set('date', new Date(clock.now()).toUTCString());
    return new Response(reply.body, { status: reply.status, headers });
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A JSON body, or the raw text (which the channel's schema then refuses, as IPC would). */
function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const APP_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  const [indexHtml, bridge] = await Promise.all([
    readFile(join(rendererDir, 'index.html'), 'utf8').then(injectBridge),
    bundleBridge(),
  ]);
  const folder = await mkdtemp(join(tmpdir(), 'daka-e2e-'));
  const sim = await startSimulator({
    clock: new SimClock({ start: at(options.start) }),
    ...(options.org ? { org: options.org } : {}),
  });
  const net = switchableFetch();
  const stores: EngineStores = {
    settings: new MemoryStore(),
    state: new MemoryStore(),
    outbox: new MemoryStore(),
    secrets: new MemoryStore(),
  };
  const problems: string[] = [];
  const visits: string[] = [];
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (message, data) => problems.push(`logged error: ${message} ${JSON.stringify(data)}`),
  };
  const engine = new Engine({
    stores,
    cipher: new TestCipher(),
    clock: sim.clock,
    logger,
    host: { hostname: 'e2e-host', platform: 'linux', version: 'e2e', startAtLogin: () => false },
    fetch: loopbackOnly(
      options.simulatedDates ? withSimulatedDates(net.fetch, sim.clock) : net.fetch,
      problems,
    ),
    // The system browser opens the page and the app goes on waiting for the loopback.
    openUrl: async (url) => {
      void browse(url, visits).catch((error: unknown) =>
        problems.push(`login browser: ${error instanceof Error ? error.message : String(error)}`),
      );
    },
    ...(options.demo ? { demo: () => startDemoBackend({ realNow: () => sim.clock.now() }) } : {}),
    loginTimeoutMs: 15_000,
    clientTuning: { timeoutMs: 1500, backoffMs: 1, maxAttempts: 3 },
    sleep: async () => undefined,
  });

  const provisioning = (extra: Record<string, unknown> = {}) =>
    JSON.stringify(
      {
        appKey: DEMO_APP_KEY,
        appSecret: DEMO_APP_SECRET,
        oapiBase: sim.urls.oapiBase,
        apiBase: sim.urls.apiBase,
        loginBase: sim.urls.loginBase,
        timeZone: 'Asia/Shanghai',
        policies: { ...options.policies },
        ...extra,
      },
      null,
      2,
    );
  const writeFixture = async (name: string, text: string) => {
    const path = join(folder, name);
    await writeFile(path, text);
    return path;
  };
  const provisioningFile = await writeFixture('daka-provisioning.json', provisioning());
  let picked: string | null = provisioningFile;

  const handlers = createHandlers(
    engine,
    headlessPlatform({
      pickProvisioningFile: () =>
        picked === null ? Promise.resolve(null) : readFile(picked, 'utf8'),
    }),
  );

  if (options.settings) engine.updateSettings(options.settings);
  if (options.signedIn) {
    engine.importProvisioning(provisioning());
    await engine.loginWithBrowser();
  }

  const streams = new Set<ServerResponse>();
  const push = <E extends EventName>(event: E, payload: Events[E]) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const stream of streams) stream.write(frame);
  };
  // Like main/index.ts: every change of the engine reaches the popup as a fresh snapshot.
  const onChanged = () => push('snapshot', engine.snapshot());
  engine.on('changed', onChanged);
  if (options.demo) engine.on('replan', () => void engine.planReminder('statusChanged'));

  const serveApi = async (req: IncomingMessage, res: ServerResponse, name: string) => {
    if (name === 'bridge.js' && req.method === 'GET') {
      res.writeHead(200, { ...APP_HEADERS, 'content-type': contentTypeOf('bridge.js') });
      res.end(bridge);
      return;
    }
    if (name === 'events' && req.method === 'GET') {
      res.writeHead(200, { ...APP_HEADERS, 'content-type': 'text/event-stream' });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    // The same validation path as the IPC: unknown channels and bad payloads are refused there.
    const result = await dispatch(handlers, name, parseBody(await readBody(req)), logger);
    res.writeHead(200, { ...APP_HEADERS, 'content-type': 'application/json' });
    res.end(JSON.stringify(result));
  };

  const serveFile = async (res: ServerResponse, path: string) => {
    // The app's own resolution of app:// URLs: nothing outside the renderer folder.
    const file = resolveAppFile(new URL(path, APP_INDEX_URL).href, rendererDir);
    if (file === null) {
      res.writeHead(404).end();
      return;
    }
    if (file === join(rendererDir, 'index.html')) {
      res.writeHead(200, { ...APP_HEADERS, 'content-type': contentTypeOf(file) }).end(indexHtml);
      return;
    }
    const body = await readFile(file).catch(() => null);
    if (body === null) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { ...APP_HEADERS, 'content-type': contentTypeOf(file) }).end(body);
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    // Browsers ask for a favicon; Electron does not, so the app has none.
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const work = path.startsWith(BRIDGE_BASE)
      ? serveApi(req, res, path.slice(BRIDGE_BASE.length))
      : serveFile(res, path);
    work.catch((error: unknown) => {
      problems.push(`harness: ${req.method} ${path}: ${String(error)}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/index.html`,
    sim,
    engine,
    stores,
    net,
    provisioningFile,
    provisioning,
    writeFile: writeFixture,
    pickNext: (path) => {
      picked = path;
    },
    push,
    navigate: (view) => push('navigate', { view }),
    get browserVisits() {
      return visits;
    },
    problems: () => [...problems],
    close: async () => {
      engine.off('changed', onChanged);
      for (const stream of streams) stream.end();
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      await engine.stop();
      await sim.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
