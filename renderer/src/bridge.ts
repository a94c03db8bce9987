/**
 * The renderer's only way out: `window.daka` (see shared/contract.ts), handed
 * down through context so tests and the preview can pass their own.
 */
import { createContext, useContext } from 'react';
import type { Channel, DakaBridge, Replies, RequestOf, Result } from '../../shared/contract';

const BridgeContext = createContext<DakaBridge | null>(null);
export const BridgeProvider = BridgeContext.Provider;

export function useBridge(): DakaBridge {
  const bridge = useContext(BridgeContext);
  if (!bridge) throw new Error('useBridge outside BridgeProvider');
  return bridge;
}

/**
 * Calls a channel and never throws: replies already carry errors as values,
 * and a broken transport (a rejected promise) becomes an `internal` error.
 */
export async function call<C extends Channel>(
  bridge: DakaBridge,
  channel: C,
  request?: RequestOf<C>,
): Promise<Result<Replies[C]>> {
  try {
    const fn = bridge[channel] as (request?: RequestOf<C>) => Promise<Result<Replies[C]>>;
    return await fn(request);
  } catch (error) {
    return {
      ok: false,
      error: { code: 'internal', message: error instanceof Error ? error.message : String(error) },
    };
  }
}
