/**
 * The Store port over electron-store: one JSON file, written atomically,
 * readable only by its owner (0600). Keys are taken literally (no dot paths),
 * so "outbox.v1" is one key, as the core means it.
 */
import ElectronStore from 'electron-store';
import type { Store } from '../ports';

export function createElectronStore(opts: {
  /** File name without extension (default "config"). */
  name: string;
  /** Folder; defaults to app.getPath('userData'). */
  cwd?: string;
}): Store {
  const store = new ElectronStore<Record<string, unknown>>({
    name: opts.name,
    ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
    configFileMode: 0o600,
    accessPropertiesByDotNotation: false,
    // A corrupt file must surface, not be silently replaced by an empty store.
    clearInvalidConfig: false,
  });
  return {
    get<T = unknown>(key: string): T | undefined {
      return store.get(key) as T | undefined;
    },
    set(key, value) {
      // electron-store refuses undefined; for the port it means "no value".
      if (value === undefined) store.delete(key);
      else store.set(key, value);
    },
    delete(key) {
      store.delete(key);
    },
  };
}
