import { build } from 'vite';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, EVENT_NAME_LIST } from '../../shared/channels';
import { CHANNELS, EVENT_NAMES, requests, type DakaBridge } from '../../shared/contract';
import { contextBridge, ipcRenderer } from '../fakes/electron';

vi.mock('electron', () => import('../fakes/electron'));

let daka: DakaBridge;

beforeAll(async () => {
  await import('../../main/preload');
  daka = contextBridge.exposed.get('daka') as DakaBridge;
});

describe('the preload', () => {
  it('exposes exactly one global, window.daka', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['daka']);
  });

  it('offers one function per contract channel plus `on`, and nothing else', () => {
    expect(Object.keys(daka).sort()).toEqual([...CHANNELS, 'on'].sort());
    for (const value of Object.values(daka)) expect(typeof value).toBe('function');
  });

  it('invokes the prefixed channel with the request, {} when none, and returns the Result', async () => {
    ipcRenderer.reply = (channel) => ({ ok: true, value: `reply of ${channel}` });
    await expect(daka.setStartAtLogin({ enabled: true })).resolves.toEqual({
      ok: true,
      value: 'reply of daka:setStartAtLogin',
    });
    await daka.getSnapshot();
    expect(ipcRenderer.invoked.slice(-2)).toEqual([
      { channel: 'daka:setStartAtLogin', args: [{ enabled: true }] },
      { channel: 'daka:getSnapshot', args: [{}] },
    ]);
  });

  it('hands listeners the payload only, never the IPC event', () => {
    const received: unknown[][] = [];
    const off = daka.on('navigate', (...args: unknown[]) => received.push(args));
    ipcRenderer.receive('daka:event:navigate', { view: 'settings' });
    expect(received).toEqual([[{ view: 'settings' }]]);
    off();
    ipcRenderer.receive('daka:event:navigate', { view: 'today' });
    expect(received).toHaveLength(1);
    expect(ipcRenderer.listenerCount('daka:event:navigate')).toBe(0);
  });

  it('keeps subscriptions independent', () => {
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = daka.on('snapshot', (s) => a.push(s));
    daka.on('snapshot', (s) => b.push(s));
    offA();
    ipcRenderer.receive('daka:event:snapshot', { mode: 'demo' });
    expect(a).toEqual([]);
    expect(b).toEqual([{ mode: 'demo' }]);
  });

  it('refuses to subscribe to anything but the contract events', () => {
    expect(() => daka.on('ipc-message' as 'snapshot', () => undefined)).toThrow(TypeError);
    expect(ipcRenderer.listenerCount('daka:event:ipc-message')).toBe(0);
  });
});

describe('the zod-free channel list', () => {
  it('names exactly the channels of the request schemas, in order', () => {
    expect([...CHANNEL_NAMES]).toEqual(Object.keys(requests));
    expect([...EVENT_NAME_LIST]).toEqual([...EVENT_NAMES]);
  });

  it('lets the preload bundle to one CommonJS file without zod', async () => {
    const root = resolve(import.meta.dirname, '../..');
    const output = await build({
      configFile: false,
      root,
      logLevel: 'silent',
      build: {
        write: false,
        minify: false,
        lib: { entry: resolve(root, 'main/preload.ts'), formats: ['cjs'], fileName: 'index' },
        rollupOptions: { external: ['electron'] },
      },
    });
    const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) =>
      'output' in o ? o.output.filter((f) => f.type === 'chunk') : [],
    );
    expect(chunks).toHaveLength(1);
    const code = chunks[0] && 'code' in chunks[0] ? chunks[0].code : '';
    expect(code).toContain('require("electron")');
    expect(code).toContain('exposeInMainWorld');
    // zod's runtime would bring these names (and tens of kilobytes) along.
    expect(code).not.toMatch(/ZodError|safeParse|\$ZodType/);
    expect(code.length).toBeLessThan(8_000);
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
  });
});
