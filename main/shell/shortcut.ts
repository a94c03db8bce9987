/**
 * The optional global shortcut that opens the popup (off by default). Applying
 * a new accelerator swaps registrations; when the new one cannot be taken
 * (another app owns it, or it is malformed) the previous one is restored and
 * the failure reported as invalidInput on ui.globalShortcut.
 */
import { AppError } from '../../shared/errors';
import type { Logger } from '../ports';

export interface GlobalShortcutLike {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

export interface ShortcutBinding {
  /** Register `accelerator` (null turns the shortcut off); throws AppError('invalidInput'). */
  apply(accelerator: string | null): void;
  current(): string | null;
  dispose(): void;
}

function tryRegister(gs: GlobalShortcutLike, accelerator: string, callback: () => void): boolean {
  try {
    return gs.register(accelerator, callback);
  } catch {
    // Electron throws on a malformed accelerator.
    return false;
  }
}

export function createShortcutBinding(opts: {
  globalShortcut: GlobalShortcutLike;
  onTrigger: () => void;
  logger: Logger;
}): ShortcutBinding {
  const { globalShortcut, onTrigger, logger } = opts;
  let current: string | null = null;

  return {
    apply(accelerator) {
      if (accelerator === current) return;
      const previous = current;
      if (previous !== null) globalShortcut.unregister(previous);
      current = null;
      if (accelerator === null) return;
      if (tryRegister(globalShortcut, accelerator, onTrigger)) {
        current = accelerator;
        return;
      }
      logger.warn('Global shortcut could not be registered', { accelerator });
      if (previous !== null && tryRegister(globalShortcut, previous, onTrigger)) current = previous;
      throw new AppError('invalidInput', `The shortcut ${accelerator} is not available`, {
        field: 'ui.globalShortcut',
      });
    },
    current: () => current,
    dispose() {
      if (current !== null) globalShortcut.unregister(current);
      current = null;
    },
  };
}
