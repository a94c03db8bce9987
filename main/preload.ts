/**
 * The sandboxed preload: exposes exactly one narrow `window.daka` built from
 * the channel names. The page never sees ipcRenderer nor an IPC event object,
 * so it cannot reach channels other than ours nor learn the sender's ports.
 * Bundled as one CommonJS file; it imports only the zod-free shared/channels.
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  CHANNEL_NAMES,
  EVENT_NAME_LIST,
  eventChannel,
  invokeChannel,
  type EventNameLiteral,
} from '../shared/channels';
import type { DakaBridge } from '../shared/contract';

/** The part of ipcRenderer the bridge needs (injected so tests can use a fake). */
export interface BridgeIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

function isEventName(name: unknown): name is EventNameLiteral {
  return (EVENT_NAME_LIST as readonly unknown[]).includes(name);
}

export function buildBridge(ipc: BridgeIpc): DakaBridge {
  const api: Record<string, unknown> = {};
  for (const channel of CHANNEL_NAMES) {
    api[channel] = (request?: unknown) => ipc.invoke(invokeChannel(channel), request ?? {});
  }
  api.on = (event: unknown, listener: unknown): (() => void) => {
    if (!isEventName(event) || typeof listener !== 'function') {
      throw new TypeError(`daka.on: unknown event ${String(event)}`);
    }
    // Only the payload crosses: the IPC event would expose `sender` and ports.
    const forward = (_event: unknown, payload: unknown) => {
      listener(payload);
    };
    const name = eventChannel(event);
    ipc.on(name, forward);
    return () => {
      ipc.removeListener(name, forward);
    };
  };
  return api as DakaBridge;
}

contextBridge.exposeInMainWorld('daka', buildBridge(ipcRenderer));
