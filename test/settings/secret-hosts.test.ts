/**
 * Issue #12 item 2: a secret goes only where it was provisioned. The AppSecret and the
 * cached app token are bound (inside the cipher text) to the DingTalk hosts they were
 * provisioned for; an edited state file, another provisioning file or a host override
 * never carries them anywhere else.
 */
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine, type EngineStores } from '../../main/engine';
import { FileStore, MemoryStore, TestCipher } from '../../main/node-ports';
import { silentLogger } from '../../main/ports';
import {
  chooseSecret,
  DEFAULT_ENDPOINTS,
  type DingTalkHosts,
  hostsOf,
  parseProvisioning,
  ProvisioningStore,
} from '../../main/settings/provisioning';
import { Vault } from '../../main/settings/vault';
import {
  DEMO_APP_SECRET,
  DEMO_ROBOT_SECRET,
  DEMO_ROBOT_TOKEN,
} from '../../main/dingtalk/simulator';
import { toErrorPayload } from '../../shared/errors';
import { followLikeABrowser, type Fixture, startFixture } from '../helpers/engine-fixture';

/** A host someone would like the secret sent to: records every request, answers 500. */
async function listener() {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url}\n${JSON.stringify(req.headers)}\n${body}`);
      res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    hosts: { oapiBase: base, apiBase: base, loginBase: base } satisfies DingTalkHosts,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Another company's DingTalk hosts that work: every request is recorded, then passed on to
 * the simulator (so a punch through them succeeds and its receipt is sent).
 */
async function relay(target: string) {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push(`${req.method} ${req.url}\n${body.toString('utf8')}`);
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(
          (e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'host',
        ),
      );
      fetch(`${target}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers,
        ...(body.length > 0 ? { body } : {}),
      })
        .then(async (reply) => {
          // Its Date too: the client measures DingTalk's clock by it.
          const kept = ['content-type', 'date'];
          res.writeHead(
            reply.status,
            Object.fromEntries(kept.map((name) => [name, reply.headers.get(name) ?? ''])),
          );
          res.end(Buffer.from(await reply.arrayBuffer()));
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    hosts: { oapiBase: base, apiBase: base, loginBase: base } satisfies DingTalkHosts,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let dir: string | undefined;
let fx: Fixture | undefined;
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
  await fx?.close();
  fx = undefined;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const fileStores = (folder: string): EngineStores => ({
  settings: new FileStore({ dir: folder, name: 'settings' }),
  state: new FileStore({ dir: folder, name: 'state' }),
  outbox: new FileStore({ dir: folder, name: 'outbox' }),
  secrets: new FileStore({ dir: folder, name: 'secrets' }),
});

/** The next run of the app over the same folder (same keychain). */
async function nextRun(folder: string, clock: { now(): number }): Promise<Engine> {
  const engine = new Engine({
    stores: fileStores(folder),
    cipher: new TestCipher(),
    clock,
    logger: silentLogger,
    host: { hostname: 'test-host', platform: 'linux', version: 'test', startAtLogin: () => false },
    openUrl: followLikeABrowser,
    clientTuning: { timeoutMs: 1500, backoffMs: 1, maxAttempts: 1 },
    sleep: async () => undefined,
  });
  cleanup.push(() => engine.stop());
  await engine.ready();
  return engine;
}

/** The cached app token (bound to the hosts that issued it). */
function cachedToken(engine: Engine, hosts: DingTalkHosts): string {
  const raw = engine.vault.getSecret('appToken', hostsOf(hosts));
  expect(raw).toBeDefined();
  return (JSON.parse(raw ?? '{}') as { token: string }).token;
}

describe('a secret goes only to the hosts it was provisioned for', () => {
  it('an edited state file pointing elsewhere gets neither the AppSecret nor the token', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daka-hosts-'));
    fx = await startFixture({ start: '2026-11-27 08:55:00', stores: fileStores(dir) });
    await fx.engine.open();
    const simHosts = hostsOf(fx.sim.urls);
    const token = cachedToken(fx.engine, simHosts);
    await fx.engine.stop();

    // Someone edits state.json (plain JSON; the Keychain protects only the cipher text).
    const evil = await listener();
    cleanup.push(evil.close);
    const stateFile = path.join(dir, 'state.json');
    const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as Record<string, object>;
    state.provisioning = { ...state.provisioning, ...evil.hosts };
    fs.writeFileSync(stateFile, JSON.stringify(state));

    const engine = await nextRun(dir, fx.sim.clock);
    expect(engine.secretProblem()).toBe('hostsChanged');
    expect(engine.config()).toBeNull();
    const failure = await engine.status().catch(toErrorPayload);
    expect(failure).toMatchObject({ code: 'notConfigured' });
    await engine.refresh().catch(() => undefined);
    await engine.doctor();
    await engine.punch(true).catch(() => undefined);
    const leaked = evil.seen.filter((r) => r.includes(DEMO_APP_SECRET) || r.includes(token));
    expect(leaked).toEqual([]);
    expect(evil.seen).toEqual([]);
  });

  it('a new file with other hosts does not inherit the token issued by the old hosts', async () => {
    fx = await startFixture({ start: '2026-11-27 08:55:00' });
    await fx.engine.open();
    const token = cachedToken(fx.engine, hostsOf(fx.sim.urls));
    const other = await listener();
    cleanup.push(other.close);
    // Same app, same secret, other hosts: the secret goes there (it was provisioned so)...
    fx.engine.importProvisioning(fx.provisioning(other.hosts));
    await fx.engine.refresh().catch(() => undefined);
    expect(other.seen.some((r) => r.startsWith('GET /gettoken?'))).toBe(true);
    // ...but never the token the first hosts issued.
    expect(other.seen.filter((r) => r.includes(token))).toEqual([]);
    // And back on the first hosts by a state edit: the secret (bound to the new ones) is not used.
    fx.stores.state.set('provisioning', {
      ...fx.stores.state.get<object>('provisioning'),
      ...hostsOf(fx.sim.urls),
    });
    expect(fx.engine.secretProblem()).toBe('hostsChanged');
    expect(fx.engine.config()).toBeNull();
  });

  it('the robot webhook token does not follow a new file to other hosts', async () => {
    fx = await startFixture({ start: '2026-11-27 08:55:00' });
    fx.engine.updateSettings({ receipts: { enabled: true } });
    await fx.engine.setRobotToken(DEMO_ROBOT_TOKEN);
    await fx.engine.setRobotSecret(DEMO_ROBOT_SECRET);
    const other = await relay(fx.sim.urls.oapiBase);
    cleanup.push(other.close);
    // A file naming other hosts (same app): the punch goes there, and so would the receipt.
    await fx.engine.importProvisioning(fx.provisioning(other.hosts));
    expect((await fx.engine.punch()).outcome).toBe('punched');
    expect(other.seen.some((r) => r.includes('/gettoken?'))).toBe(true);
    // The token was set while the app talked to the first hosts: it is not handed to these.
    expect(other.seen.filter((r) => r.includes(DEMO_ROBOT_TOKEN))).toEqual([]);
    expect(fx.engine.snapshot().robotTokenSet).toBe(false);
    expect(fx.sim.robotMessages).toHaveLength(0);
  });

  it('typed credentials start from DingTalk’s own hosts, not the previous file’s', async () => {
    fx = await startFixture({ start: '2026-11-27 08:55:00' });
    expect(fx.engine.config()?.oapiBase).toBe(fx.sim.urls.oapiBase);
    fx.engine.setCredentials('dingTypedKey01', 'typedSecret-0123456789');
    expect(hostsOf(fx.engine.config() ?? fx.sim.urls)).toEqual(DEFAULT_ENDPOINTS);
  });
});

describe('a cipher text copied under another name', () => {
  it('is not handed out as that secret: the AppSecret never goes to a server an edit names', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daka-swap-'));
    const clock = { now: () => Date.parse('2026-11-27T08:55:00+08:00') };
    const folder = dir;
    const secretsFile = path.join(folder, 'secrets.json');
    const stateFile = path.join(folder, 'state.json');
    const readJson = (file: string) =>
      JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    // An install from before secrets were bound: the AppSecret as a bare value, DingTalk's hosts.
    const first = await nextRun(folder, clock);
    first.importProvisioning(
      JSON.stringify({ appKey: 'dingSwapKey01', appSecret: DEMO_APP_SECRET }),
    );
    await first.vault.flush();
    await first.stop();
    const bare = await new TestCipher().encrypt(DEMO_APP_SECRET);
    fs.writeFileSync(
      secretsFile,
      JSON.stringify({
        'secret.appSecret': { kind: 'test', data: Buffer.from(bare).toString('base64') },
      }),
    );
    // This version runs once (and stops), then someone edits the plain files: the AppSecret's
    // cipher text copied as the company server's refresh token, and a server of theirs.
    const second = await nextRun(folder, clock);
    expect(second.config()?.appSecret).toBe(DEMO_APP_SECRET);
    await second.stop();
    const evil = await listener();
    cleanup.push(evil.close);
    const secrets = readJson(secretsFile);
    fs.writeFileSync(
      secretsFile,
      JSON.stringify({ ...secrets, 'secret.serverRefreshToken': secrets['secret.appSecret'] }),
    );
    fs.writeFileSync(
      stateFile,
      JSON.stringify({ ...readJson(stateFile), serverProvisioning: { server: evil.base } }),
    );

    const third = await nextRun(folder, clock);
    expect(third.connectionInfo().kind).toBe('server');
    await third.doctor();
    await third.refresh().catch(() => undefined);
    expect(evil.seen.filter((r) => r.includes(DEMO_APP_SECRET))).toEqual([]);
    expect(third.server.signedIn()).toBe(false);
  });
});

describe('the binding itself', () => {
  const stores = () => {
    const vault = new Vault({ store: new MemoryStore(), cipher: new TestCipher() });
    const store = new ProvisioningStore({ store: new MemoryStore(), vault });
    return { vault, store };
  };
  const FILE = {
    appKey: 'dingBoundKey01',
    appSecret: 'boundSecret-0123456789',
    oapiBase: 'http://127.0.0.1:7001',
    apiBase: 'http://127.0.0.1:7002',
    loginBase: 'http://127.0.0.1:7003',
  };

  it('a bound secret comes out only for its own hosts, and not without saying where', () => {
    const { vault, store } = stores();
    store.save(parseProvisioning(JSON.stringify(FILE)));
    expect(store.secretFor(FILE)).toBe(FILE.appSecret);
    expect(store.secretFor({ ...FILE, apiBase: 'http://127.0.0.1:7777' })).toBeUndefined();
    expect(store.secretFor({ ...FILE, loginBase: 'https://login.example.com' })).toBeUndefined();
    expect(vault.getSecret('appSecret')).toBeUndefined();
    expect(vault.hasSecret('appSecret')).toBe(true);
  });

  it('a secret stored before binding goes only to DingTalk’s own hosts', () => {
    const { vault, store } = stores();
    store.save(
      parseProvisioning(JSON.stringify({ appKey: FILE.appKey, appSecret: 'x' + FILE.appSecret })),
    );
    vault.setSecret('appSecret', FILE.appSecret); // the older, unbound format
    expect(store.secretFor(DEFAULT_ENDPOINTS)).toBe(FILE.appSecret);
    expect(store.secretFor(FILE)).toBeUndefined();
  });

  it('a host override (the CLI) never takes the stored secret along', () => {
    const { store } = stores();
    store.save(parseProvisioning(JSON.stringify(FILE)));
    const evil = 'http://127.0.0.1:9';
    const choice = store.chooseSecret({ oapiBase: evil });
    expect(choice).toMatchObject({ appSecret: undefined, problem: 'hostsChanged' });
    expect(store.chooseSecret({})).toMatchObject({ appSecret: FILE.appSecret, problem: null });
  });

  it('an overriding secret goes to the hosts it came with', () => {
    const stored = { ...parseProvisioning(JSON.stringify(FILE)), appSecret: undefined };
    const none = () => ({ secret: undefined, held: false });
    // The CLI's remembered file: its own hosts, not an edited state file's.
    const fromFile = { appSecret: 's-0123456789', appSecretHosts: hostsOf(FILE) };
    expect(chooseSecret(fromFile, stored, none).appSecret).toBe('s-0123456789');
    const edited = { ...stored, oapiBase: 'http://127.0.0.1:9' };
    expect(chooseSecret(fromFile, edited, none)).toMatchObject({ problem: 'hostsChanged' });
    // The environment's secret: with the environment's hosts, else DingTalk's.
    const env = { appSecret: 's-0123456789', oapiBase: FILE.oapiBase, apiBase: FILE.apiBase };
    expect(chooseSecret(env, stored, none).appSecret).toBe('s-0123456789');
    expect(chooseSecret({ appSecret: 's-0123456789' }, stored, none).appSecret).toBeUndefined();
    expect(chooseSecret({ appSecret: 's-0123456789' }, null, none).hosts).toEqual(
      DEFAULT_ENDPOINTS,
    );
  });
});
