/**
 * The app access token: fetched once, shared by concurrent callers, kept until
 * 10 minutes before DingTalk expires it (DOC:server-api-calling-guide), and
 * persisted so a restart does not fetch again (token fetches are throttled).
 */
import { z } from 'zod';
import type { Clock, Logger } from '../ports';
import type { PersistedToken, TokenStore } from './types';

export const REFRESH_MARGIN_MS = 10 * 60_000;

export interface TokenSource {
  get(): Promise<string>;
  /** Drops `token` if it is still the cached one (a concurrent caller may have replaced it). */
  invalidate(token: string): void;
}

export interface TokenCacheDeps {
  fetchToken: () => Promise<PersistedToken>;
  clock: Clock;
  logger: Logger;
  store?: TokenStore;
}

// zod 4 numbers are finite already (z.number() refuses Infinity and NaN).
const persisted = z.object({ token: z.string().min(1), expiresAt: z.number() });

export function createTokenCache(deps: TokenCacheDeps): TokenSource {
  let current: PersistedToken | undefined;
  let loaded = false;
  let inflight: Promise<PersistedToken> | undefined;

  const usable = (t: PersistedToken | undefined): t is PersistedToken =>
    t !== undefined && t.expiresAt - REFRESH_MARGIN_MS > deps.clock.now();

  // The store is encrypted by the shell; a broken or unreadable entry only costs a refetch.
  function loadStored(): PersistedToken | undefined {
    try {
      const parsed = persisted.safeParse(deps.store?.load());
      return parsed.success ? parsed.data : undefined;
    } catch (error) {
      deps.logger.warn('stored DingTalk token unreadable', { error: String(error) });
      return undefined;
    }
  }

  function tryStore(action: (store: TokenStore) => void): void {
    if (!deps.store) return;
    try {
      action(deps.store);
    } catch (error) {
      deps.logger.warn('cannot persist DingTalk token', { error: String(error) });
    }
  }

  return {
    async get() {
      if (!loaded) {
        loaded = true;
        current = loadStored();
      }
      if (usable(current)) return current.token;
      inflight ??= deps
        .fetchToken()
        .then((fresh) => {
          current = fresh;
          tryStore((s) => s.save(fresh));
          return fresh;
        })
        .finally(() => {
          inflight = undefined;
        });
      return (await inflight).token;
    },
    invalidate(token) {
      if (current?.token !== token) return;
      current = undefined;
      tryStore((s) => s.clear());
    },
  };
}
