/**
 * `window.daka` over HTTP, for the browser harness (harness.ts bundles this
 * file with esbuild and serves it from the page's own origin, so the strict
 * CSP's script-src 'self' and connect-src 'self' allow it). It mirrors
 * main/preload.ts: one function per contract channel, and `on` for pushed
 * events; only the transport differs (fetch and EventSource instead of IPC).
 */
import { CHANNEL_NAMES, EVENT_NAME_LIST, type EventNameLiteral } from '../../shared/channels';
import type { DakaBridge } from '../../shared/contract';
import { BRIDGE_BASE } from './wire';

function isEventName(name: unknown): name is EventNameLiteral {
  return (EVENT_NAME_LIST as readonly unknown[]).includes(name);
}

export function buildHttpBridge(): DakaBridge {
  const api: Record<string, unknown> = {};
  for (const channel of CHANNEL_NAMES) {
    api[channel] = async (request?: unknown) => {
      const reply = await fetch(BRIDGE_BASE + channel, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request ?? {}),
      });
      // Like ipcRenderer.invoke: a broken transport rejects, a handler's error is a value.
      if (!reply.ok) throw new Error(`${channel}: HTTP ${reply.status}`);
      return reply.json();
    };
  }

  const listeners = new Map<EventNameLiteral, Set<(payload: unknown) => void>>(
    EVENT_NAME_LIST.map((name) => [name, new Set()]),
  );
  let source: EventSource | null = null;
  const connect = () => {
    if (source) return;
    source = new EventSource(`${BRIDGE_BASE}events`);
    for (const name of EVENT_NAME_LIST) {
      source.addEventListener(name, (event) => {
        const payload: unknown = JSON.parse((event as MessageEvent<string>).data);
        for (const listener of listeners.get(name) ?? []) listener(payload);
      });
    }
  };

  api.on = (event: unknown, listener: unknown): (() => void) => {
    if (!isEventName(event) || typeof listener !== 'function') {
      throw new TypeError(`daka.on: unknown event ${String(event)}`);
    }
    connect();
    const set = listeners.get(event);
    const forward = (payload: unknown) => {
      listener(payload);
    };
    set?.add(forward);
    return () => {
      set?.delete(forward);
    };
  };
  return api as DakaBridge;
}

// Like contextBridge.exposeInMainWorld: a read-only property the page cannot replace.
Object.defineProperty(window, 'daka', { value: Object.freeze(buildHttpBridge()) });
