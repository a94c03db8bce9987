import { afterEach, describe, expect, it } from 'vitest';
import { createHandlers, headlessPlatform } from '../../main/handlers';
import { AppError } from '../../shared/errors';
import { type Fixture, startFixture } from '../helpers/engine-fixture';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('the handler table', () => {
  it('keeps the old global shortcut when the platform cannot register the new one', async () => {
    fx = await startFixture({ start: '2026-11-27 08:50:00' });
    const engine = fx.engine;
    engine.updateSettings({ ui: { globalShortcut: 'CommandOrControl+Shift+D' } });
    const handlers = createHandlers(
      engine,
      headlessPlatform({
        settingsChanged: () => {
          if (engine.settings().ui.globalShortcut === 'CommandOrControl+Shift+X') {
            throw new AppError('invalidInput', 'taken', { field: 'ui.globalShortcut' });
          }
        },
      }),
    );
    await expect(
      handlers.updateSettings({ ui: { globalShortcut: 'CommandOrControl+Shift+X' } }),
    ).rejects.toMatchObject({ code: 'invalidInput' });
    expect(engine.settings().ui.globalShortcut).toBe('CommandOrControl+Shift+D');
    const snapshot = await handlers.updateSettings({ ui: { theme: 'dark' } });
    expect(snapshot.settings.ui).toMatchObject({
      theme: 'dark',
      globalShortcut: 'CommandOrControl+Shift+D',
    });
  });

  it('serves the snapshot with today loaded once, then from the cache', async () => {
    fx = await startFixture({ start: '2026-11-27 08:50:00' });
    const handlers = createHandlers(fx.engine, headlessPlatform());
    fx.sim.clearLog();
    const first = await handlers.getSnapshot({});
    expect(first.today?.next).toBe('OnDuty');
    const calls = fx.paths().length;
    await handlers.getSnapshot({});
    expect(fx.paths()).toHaveLength(calls);
  });
});
