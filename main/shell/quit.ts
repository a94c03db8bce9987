/**
 * Quitting without losing a secret: `will-quit` does not wait for promises, and a secret
 * saved just before Quit may still be in async safeStorage encryption (the engine's stop()
 * flushes the vault). So the first will-quit is held back, stop() gets a bounded time, and
 * then the app exits for real (app.exit emits no second will-quit).
 */
import type { Logger } from '../ports';

/** How long Quit waits for the engine at most: a hung flush must not keep Daka alive. */
export const QUIT_STOP_TIMEOUT_MS = 3_000;

export interface QuitEvents {
  on(event: 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown;
}

export function stopBeforeQuit(
  app: QuitEvents,
  opts: {
    /** Synchronous clean-up first (shortcuts). */
    beforeStop?: () => void;
    stop: () => Promise<unknown>;
    /** app.exit: ends the process without another will-quit. */
    exit: (code: number) => void;
    logger: Logger;
    timeoutMs?: number;
  },
): void {
  let stopping = false;
  app.on('will-quit', (event) => {
    // Quit again while stopping (a second click): still held, the exit is on its way.
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    opts.beforeStop?.();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), opts.timeoutMs ?? QUIT_STOP_TIMEOUT_MS);
    });
    const stopped = opts.stop().then(
      () => 'stopped' as const,
      (error: unknown) => {
        opts.logger.error('stopping before quit failed', { message: String(error) });
        return 'failed' as const;
      },
    );
    void Promise.race([stopped, timeout]).then((how) => {
      clearTimeout(timer);
      if (how === 'timeout') opts.logger.warn('quit without waiting longer for the engine');
      opts.exit(0);
    });
  });
}
