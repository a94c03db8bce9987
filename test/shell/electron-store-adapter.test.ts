import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createElectronStore } from '../../main/shell/electron-store-adapter';

// electron-store reads app paths from electron; vitest.config.ts inlines it so this mock applies.
vi.mock('electron', () => import('../fakes/electron'));

describe('the electron-store Store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'daka-store-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps JSON values under literal keys, dots included, across instances', () => {
    const store = createElectronStore({ name: 'state', cwd: dir });
    store.set('outbox.v1', [{ id: 'a', state: 'pending' }]);
    store.set('deviceId', 'd-1');
    expect(store.get('outbox.v1')).toEqual([{ id: 'a', state: 'pending' }]);

    const again = createElectronStore({ name: 'state', cwd: dir });
    expect(again.get('deviceId')).toBe('d-1');
    expect(again.get('outbox')).toBeUndefined();
    const raw = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(Object.keys(raw).sort()).toEqual(['deviceId', 'outbox.v1']);
  });

  it('writes a file only its owner can read', () => {
    const store = createElectronStore({ name: 'secrets', cwd: dir });
    store.set('k', 'v');
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
  });

  it('tightens the mode of a file that was too open', () => {
    writeFileSync(join(dir, 'secrets.json'), '{"k":"v"}', { mode: 0o644 });
    const store = createElectronStore({ name: 'secrets', cwd: dir });
    store.set('k2', 'v2');
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
  });

  it('deletes, and treats setting undefined as deleting', () => {
    const store = createElectronStore({ name: 'state', cwd: dir });
    store.set('a', 1);
    store.set('b', 2);
    store.delete('a');
    store.set('b', undefined);
    expect(store.get('a')).toBeUndefined();
    expect(store.get('b')).toBeUndefined();
  });

  it('defaults to the userData folder electron reports', async () => {
    const { app } = await import('../fakes/electron');
    app.setPath('userData', dir);
    createElectronStore({ name: 'settings' }).set('x', true);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({ x: true });
  });
});
