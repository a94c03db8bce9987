import { describe, expect, it } from 'vitest';
import { CHANNELS, type Handlers } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { broadcast, createTrustedSenderCheck, dispatch, registerIpc } from '../../main/shell/ipc';
import { createFakeElectron } from '../fakes/electron';
import { recordingLogger, snapshot } from './fixtures';

const APP_URL = 'file:///opt/Daka/resources/app.asar/out/renderer/index.html';

/** A handler table that records what each channel received. */
function recordingHandlers(
  overrides: Partial<Record<string, (request: unknown) => Promise<unknown>>> = {},
) {
  const calls: { channel: string; request: unknown }[] = [];
  const table = Object.fromEntries(
    CHANNELS.map((channel) => [
      channel,
      async (request: unknown) => {
        calls.push({ channel, request });
        const override = overrides[channel];
        return override ? override(request) : { channel };
      },
    ]),
  ) as unknown as Handlers;
  return { table, calls };
}

function setup(overrides: Parameters<typeof recordingHandlers>[0] = {}) {
  const electron = createFakeElectron({ platform: 'linux' });
  const popup = new electron.BrowserWindow({ show: false });
  void popup.loadURL(APP_URL);
  const stranger = new electron.BrowserWindow({ show: false });
  void stranger.loadURL(APP_URL);
  const handlers = recordingHandlers(overrides);
  const logger = recordingLogger();
  const trusted = new Set([popup.webContents.id]);
  const unregister = registerIpc({
    ipcMain: electron.ipcMain,
    handlers: handlers.table,
    isTrustedSender: createTrustedSenderCheck({
      trustedWebContentsIds: () => trusted,
      appUrl: APP_URL,
    }),
    logger,
  });
  const invoke = (channel: string, request?: unknown) =>
    electron.ipcMain.invokeAs({ webContents: popup.webContents }, `daka:${channel}`, request);
  return { electron, popup, stranger, handlers, logger, unregister, invoke };
}

describe('registerIpc', () => {
  it('registers one prefixed handler per contract channel, and removes them again', () => {
    const { electron, unregister } = setup();
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(
      CHANNELS.map((c) => `daka:${c}`).sort(),
    );
    unregister();
    expect(electron.ipcMain.handlers.size).toBe(0);
  });

  it('passes a valid request, with schema defaults applied, to the handler', async () => {
    const { invoke, handlers } = setup();
    await expect(invoke('punch', {})).resolves.toEqual({ ok: true, value: { channel: 'punch' } });
    await invoke('setStartAtLogin', { enabled: true });
    expect(handlers.calls).toEqual([
      { channel: 'punch', request: { confirm: false } },
      { channel: 'setStartAtLogin', request: { enabled: true } },
    ]);
  });

  it('treats a missing request as an empty one', async () => {
    const { invoke, handlers } = setup();
    await expect(invoke('getSnapshot')).resolves.toMatchObject({ ok: true });
    expect(handlers.calls).toEqual([{ channel: 'getSnapshot', request: {} }]);
  });

  it('refuses an invalid payload before the handler runs, naming the field', async () => {
    const { invoke, handlers } = setup();
    await expect(invoke('setStartAtLogin', { enabled: 'yes' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalidInput', detail: { field: 'enabled' } },
    });
    await expect(invoke('lookupByMobile', { mobile: 'call me' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalidInput', detail: { field: 'mobile' } },
    });
    await expect(invoke('getSnapshot', { sneaky: 1 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalidInput', detail: { field: 'sneaky' } },
    });
    await expect(invoke('outboxSend', 'id-1')).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalidInput', detail: { field: 'request' } },
    });
    expect(handlers.calls).toEqual([]);
  });

  it('refuses a webContents the app did not register as its own, and logs it', async () => {
    const { electron, stranger, handlers, logger } = setup();
    const reply = await electron.ipcMain.invokeAs(
      { webContents: stranger.webContents },
      'daka:quit',
      {},
    );
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'invalidInput', detail: { field: 'sender' } },
    });
    expect(handlers.calls).toEqual([]);
    expect(logger.entries).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        data: expect.objectContaining({ channel: 'quit' }),
      }),
    );
  });

  it('refuses our own window once it shows another page, and requests from an iframe', async () => {
    const { electron, popup, handlers } = setup();
    const fromIframe = await electron.ipcMain.invokeAs(
      { webContents: popup.webContents, frame: popup.webContents.mainFrame.child(APP_URL) },
      'daka:signOut',
      {},
    );
    expect(fromIframe).toMatchObject({ ok: false });
    popup.webContents.mainFrame.url = 'https://evil.example/index.html';
    const afterNavigation = await electron.ipcMain.invokeAs(
      { webContents: popup.webContents },
      'daka:signOut',
      {},
    );
    expect(afterNavigation).toMatchObject({ ok: false });
    expect(handlers.calls).toEqual([]);
  });

  it('returns an AppError as its payload, detail included', async () => {
    const { invoke } = setup({
      refresh: () => Promise.reject(new AppError('refreshTooSoon', 'wait', { retryAfter: 30 })),
    });
    await expect(invoke('refresh', {})).resolves.toEqual({
      ok: false,
      error: { code: 'refreshTooSoon', message: 'wait', detail: { retryAfter: 30 } },
    });
  });

  it('turns an unexpected throw into "internal" without a stack, and logs it', async () => {
    const { invoke, logger } = setup({
      runDoctor: () => Promise.reject(new TypeError('x is undefined')),
    });
    const reply = await invoke('runDoctor', {});
    expect(reply).toEqual({ ok: false, error: { code: 'internal', message: 'x is undefined' } });
    expect(JSON.stringify(reply)).not.toMatch(/\bat .*:\d+/);
    expect(logger.entries).toContainEqual(
      expect.objectContaining({
        level: 'error',
        data: { channel: 'runDoctor', message: 'x is undefined' },
      }),
    );
  });

  it('never writes request payloads (secrets) to the log', async () => {
    const { invoke, logger } = setup({
      setCredentials: () => Promise.reject(new Error('boom')),
    });
    await invoke('setCredentials', { appKey: 'dingkey', appSecret: 'TOP-SECRET-VALUE' });
    await invoke('setCredentials', {
      appKey: 'dingkey',
      appSecret: 'TOP-SECRET-VALUE',
      extra: true,
    });
    expect(JSON.stringify(logger.entries)).not.toContain('TOP-SECRET-VALUE');
  });
});

describe('dispatch', () => {
  it('rejects an unknown channel', async () => {
    const { table, calls } = recordingHandlers();
    await expect(dispatch(table, 'constructor', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalidInput', detail: { field: 'channel' } },
    });
    await expect(dispatch(table, 'nope', {})).resolves.toMatchObject({ ok: false });
    expect(calls).toEqual([]);
  });

  it('is the same validation path without any IPC around it', async () => {
    const { table } = recordingHandlers();
    await expect(dispatch(table, 'outboxSend', { id: 'x' })).resolves.toEqual({
      ok: true,
      value: { channel: 'outboxSend' },
    });
    await expect(dispatch(table, 'outboxSend', { id: '' })).resolves.toMatchObject({
      ok: false,
      error: { detail: { field: 'id' } },
    });
  });
});

describe('createTrustedSenderCheck', () => {
  const event = (id: number, url: string, parent: unknown = null) => ({
    sender: { id },
    senderFrame: { url, parent },
  });

  it('accepts the dev server page and its routes, and nothing that merely starts like it', () => {
    const check = createTrustedSenderCheck({
      trustedWebContentsIds: () => new Set([3]),
      appUrl: 'http://localhost:5173/',
    });
    expect(check(event(3, 'http://localhost:5173/'))).toBe(true);
    expect(check(event(3, 'http://localhost:5173/index.html#/settings'))).toBe(true);
    expect(check(event(3, 'http://localhost:5173.evil.test/'))).toBe(false);
    expect(check(event(3, 'http://localhost:5174/'))).toBe(false);
    expect(check(event(4, 'http://localhost:5173/'))).toBe(false);
    expect(check(event(3, 'http://localhost:5173/', {}))).toBe(false);
    expect(check({ sender: { id: 3 }, senderFrame: null })).toBe(false);
  });

  it('accepts only the packaged index.html among file URLs', () => {
    const check = createTrustedSenderCheck({
      trustedWebContentsIds: () => new Set([1]),
      appUrl: APP_URL,
    });
    expect(check(event(1, `${APP_URL}?view=today#top`))).toBe(true);
    expect(check(event(1, 'file:///opt/Daka/resources/app.asar/out/renderer/other.html'))).toBe(
      false,
    );
    expect(check(event(1, 'file:///tmp/index.html'))).toBe(false);
  });

  it('reads the trusted ids on every call (windows come and go)', () => {
    const ids = new Set<number>();
    const check = createTrustedSenderCheck({ trustedWebContentsIds: () => ids, appUrl: APP_URL });
    expect(check(event(9, APP_URL))).toBe(false);
    ids.add(9);
    expect(check(event(9, APP_URL))).toBe(true);
  });
});

describe('broadcast', () => {
  it('sends the payload on the event channel to live windows only', () => {
    const electron = createFakeElectron();
    const a = new electron.BrowserWindow();
    const b = new electron.BrowserWindow();
    b.destroy();
    const snap = snapshot();
    broadcast([a.webContents, b.webContents], 'snapshot', snap);
    broadcast([a.webContents], 'navigate', { view: 'settings' });
    expect(a.webContents.sent).toEqual([
      { channel: 'daka:event:snapshot', args: [snap] },
      { channel: 'daka:event:navigate', args: [{ view: 'settings' }] },
    ]);
    expect(b.webContents.sent).toEqual([]);
  });
});

describe('dispatch with handlers that are methods', () => {
  it('calls them on the table, so `this` still works', async () => {
    const table = {
      ...recordingHandlers().table,
      version: '9.9.9',
      getSnapshot(this: { version: string }) {
        return Promise.resolve({ version: this.version });
      },
    } as unknown as Handlers;
    await expect(dispatch(table, 'getSnapshot', {})).resolves.toEqual({
      ok: true,
      value: { version: '9.9.9' },
    });
  });
});
