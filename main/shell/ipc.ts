/**
 * The IPC transport: one ipcMain.handle per contract channel, each refusing
 * untrusted senders and validating the payload before a handler runs. The
 * validation lives in `dispatch`, which the browser harness calls too, so both
 * transports share one path. Request payloads are never logged (they may hold
 * an AppSecret).
 */
import {
  CHANNELS,
  requests,
  type Channel,
  type EventName,
  type Events,
  type Handlers,
  type Replies,
  type Result,
} from '../../shared/contract';
import { eventChannel, invokeChannel } from '../../shared/channels';
import { toErrorPayload, type AppErrorPayload } from '../../shared/errors';
import type { Logger } from '../ports';
import { isAppUrl } from './app-url';

/** What an invoke event carries that the trust check needs (Electron's IpcMainInvokeEvent). */
export interface IpcSenderEvent {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcSenderEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface EventReceiver {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

function isChannel(name: string): name is Channel {
  return Object.hasOwn(requests, name);
}

/**
 * The largest request, as JSON: the biggest legitimate one is a 64 KB provisioning text.
 * Checked before zod looks at it, so a flood from a compromised page costs one measurement.
 */
export const MAX_REQUEST_CHARS = 256 * 1024;

function withinSize(request: unknown): boolean {
  if (request === undefined || request === null) return true;
  try {
    const text = JSON.stringify(request) as string | undefined;
    return text === undefined || text.length <= MAX_REQUEST_CHARS;
  } catch {
    // Not JSON (a BigInt, a cycle): no request of ours looks like that.
    return false;
  }
}

function invalid(message: string, field: string): { ok: false; error: AppErrorPayload } {
  return { ok: false, error: { code: 'invalidInput', message, detail: { field } } };
}

/**
 * Validate `rawRequest` against the channel's schema, run the handler, and wrap
 * the outcome. Never throws: errors come back as `{ ok: false }` values.
 */
export function dispatch<C extends Channel>(
  handlers: Handlers,
  channel: C,
  rawRequest: unknown,
  logger?: Logger,
): Promise<Result<Replies[C]>>;
export function dispatch(
  handlers: Handlers,
  channel: string,
  rawRequest: unknown,
  logger?: Logger,
): Promise<Result<unknown>>;
export async function dispatch(
  handlers: Handlers,
  channel: string,
  rawRequest: unknown,
  logger?: Logger,
): Promise<Result<unknown>> {
  if (!isChannel(channel)) return invalid('Unknown channel', 'channel');
  if (!withinSize(rawRequest)) return invalid('The request is too large', 'request');

  const parsed = requests[channel].safeParse(rawRequest ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // An unknown key is reported at its parent's path; name the key itself.
    const path = issue
      ? [...issue.path, ...(issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [])]
      : [];
    return invalid(
      issue?.message ?? 'Invalid request',
      path.length > 0 ? path.map(String).join('.') : 'request',
    );
  }

  // One cast at the only place the channel and its parsed request meet.
  const handler = handlers[channel] as (this: Handlers, request: unknown) => Promise<unknown>;
  try {
    // Called on the table, so a class instance's methods keep their `this`.
    return { ok: true, value: await handler.call(handlers, parsed.data) };
  } catch (error) {
    const payload = toErrorPayload(error);
    if (payload.code === 'internal')
      logger?.error('IPC handler failed', { channel, message: payload.message });
    return { ok: false, error: payload };
  }
}

/** Registers every channel; returns a function that removes them again. */
export function registerIpc(deps: {
  ipcMain: IpcMainLike;
  handlers: Handlers;
  isTrustedSender: (event: IpcSenderEvent) => boolean;
  logger: Logger;
}): () => void {
  const { ipcMain, handlers, isTrustedSender, logger } = deps;
  for (const channel of CHANNELS) {
    ipcMain.handle(invokeChannel(channel), (event, rawRequest) => {
      if (!isTrustedSender(event)) {
        logger.warn('IPC request from an untrusted sender refused', {
          channel,
          senderId: event.sender.id,
          frameUrl: event.senderFrame?.url ?? null,
        });
        return invalid('Untrusted sender', 'sender');
      }
      return dispatch(handlers, channel, rawRequest, logger);
    });
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(invokeChannel(channel));
  };
}

/**
 * A sender is trusted when its webContents is one the app created AND the
 * request comes from that page's main frame showing the app's own URL (not an
 * iframe, not a page it was navigated to).
 */
export function createTrustedSenderCheck(opts: {
  trustedWebContentsIds: () => ReadonlySet<number>;
  appUrl: string;
}): (event: IpcSenderEvent) => boolean {
  return (event) => {
    const frame = event.senderFrame;
    return (
      opts.trustedWebContentsIds().has(event.sender.id) &&
      frame !== null &&
      frame.parent === null &&
      isAppUrl(frame.url, opts.appUrl)
    );
  };
}

/** Push an event to every live window. */
export function broadcast<E extends EventName>(
  targets: Iterable<EventReceiver>,
  event: E,
  payload: Events[E],
): void {
  const channel = eventChannel(event);
  for (const target of targets) {
    if (!target.isDestroyed()) target.send(channel, payload);
  }
}
