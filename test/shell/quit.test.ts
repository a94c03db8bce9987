/**
 * Quit waits for the engine (issue: a secret still in async safeStorage encryption at
 * Quit was lost, because will-quit called `void engine.stop()` and the process went on):
 * the first will-quit is held back until stop() settles, bounded, then the app exits.
 * Against the fake electron module's app.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QUIT_STOP_TIMEOUT_MS, stopBeforeQuit } from '../../main/shell/quit';
import { createFakeElectron, fakeEvent } from '../fakes/electron';
import { recordingLogger } from './fixtures';

afterEach(() => {
  vi.useRealTimers();
});

function setup(stop: () => Promise<unknown>) {
  const { app } = createFakeElectron({ platform: 'linux' });
  const steps: string[] = [];
  const logger = recordingLogger();
  stopBeforeQuit(app, {
    beforeStop: () => steps.push('shortcuts'),
    stop: () => {
      steps.push('stop');
      return stop();
    },
    exit: (code) => steps.push(`exit ${code}`),
    logger,
  });
  const quit = () => {
    const event = fakeEvent();
    app.emit('will-quit', event);
    return event;
  };
  return { steps, quit, logger };
}

describe('quitting', () => {
  it('holds the quit until the engine has stopped (the vault flushed), then exits', async () => {
    let flushed!: () => void;
    const { steps, quit } = setup(() => new Promise<void>((r) => (flushed = r)));
    const event = quit();
    expect(event.defaultPrevented).toBe(true);
    expect(steps).toEqual(['shortcuts', 'stop']);
    await Promise.resolve();
    // Still encrypting: nothing exits yet.
    expect(steps).not.toContain('exit 0');
    flushed();
    await vi.waitFor(() => expect(steps).toEqual(['shortcuts', 'stop', 'exit 0']));
  });

  it('a stop that never ends: exits after the bound anyway', async () => {
    vi.useFakeTimers();
    const { steps, quit, logger } = setup(() => new Promise(() => undefined));
    quit();
    await vi.advanceTimersByTimeAsync(QUIT_STOP_TIMEOUT_MS - 1);
    expect(steps).not.toContain('exit 0');
    await vi.advanceTimersByTimeAsync(1);
    expect(steps).toEqual(['shortcuts', 'stop', 'exit 0']);
    expect(logger.entries.map((e) => e.message)).toContain(
      'quit without waiting longer for the engine',
    );
  });

  it('a stop that fails: logged, and the app still exits', async () => {
    const { steps, quit, logger } = setup(() => Promise.reject(new Error('disk full')));
    quit();
    await vi.waitFor(() => expect(steps).toContain('exit 0'));
    expect(logger.entries.map((e) => e.level)).toContain('error');
  });

  it('Quit again while stopping: still held (no quit past the flush), stop() runs once', () => {
    const { steps, quit } = setup(() => new Promise(() => undefined));
    quit();
    expect(quit().defaultPrevented).toBe(true);
    expect(steps).toEqual(['shortcuts', 'stop']);
  });
});
