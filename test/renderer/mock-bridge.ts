/**
 * A stand-in for `window.daka`: records every call, answers with canned
 * Results (per channel, or a function of the request), can hold a reply back
 * to show an in-flight state, and pushes events like main does.
 */
import type {
  Channel,
  DakaBridge,
  EventName,
  Events,
  Replies,
  RequestOf,
  Result,
  Snapshot,
} from '../../shared/contract';
import { CHANNEL_NAMES } from '../../shared/channels';
import type { AppErrorPayload, ErrorCode } from '../../shared/errors';
import { reports } from './fixtures';

export type Reply<C extends Channel> =
  | Result<Replies[C]>
  | ((request: RequestOf<C> | undefined) => Result<Replies[C]> | Promise<Result<Replies[C]>>);

export interface Call {
  channel: Channel;
  request: unknown;
}

export interface Held<C extends Channel> {
  /** Answers the held call. */
  release(result: Result<Replies[C]>): void;
  /** Resolves once the UI has made the held call. */
  called: Promise<void>;
}

export interface MockBridge {
  bridge: DakaBridge;
  calls: Call[];
  /** Requests made on one channel, in order. */
  requests<C extends Channel>(channel: C): Array<RequestOf<C> | undefined>;
  reply<C extends Channel>(channel: C, reply: Reply<C>): void;
  /** The next call on the channel waits until released. */
  hold<C extends Channel>(channel: C): Held<C>;
  /** Pushes an event as main would. */
  emit<E extends EventName>(event: E, payload: Events[E]): void;
  /** The snapshot that Snapshot-returning channels answer with by default. */
  current: Snapshot | null;
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (
  code: ErrorCode,
  detail?: AppErrorPayload['detail'],
): { ok: false; error: AppErrorPayload } => ({
  ok: false,
  error: detail ? { code, message: code, detail } : { code, message: code },
});

const SNAPSHOT_CHANNELS: ReadonlySet<Channel> = new Set<Channel>([
  'getSnapshot',
  'refresh',
  'outboxDiscard',
  'snooze',
  'notToday',
  'updateSettings',
  'setRobotSecret',
  'setStartAtLogin',
  'acceptWeakStorage',
  'importProvisioning',
  'setCredentials',
  'setServer',
  'cancelLogin',
  'signOut',
  'forgetCredentials',
  'startDemo',
  'checkForUpdates',
]);

const NULL_CHANNELS: ReadonlySet<Channel> = new Set<Channel>([
  'openLogFolder',
  'hidePopup',
  'quit',
  'pickProvisioningFile',
]);

export function createMockBridge(initial: Snapshot | null): MockBridge {
  const calls: Call[] = [];
  const replies = new Map<Channel, Reply<Channel>>();
  const listeners = new Map<EventName, Set<(payload: never) => void>>();

  const mock: MockBridge = {
    calls,
    current: initial,
    bridge: {} as DakaBridge,
    requests: (channel) =>
      calls.filter((c) => c.channel === channel).map((c) => c.request) as never,
    reply: (channel, reply) => {
      replies.set(channel, reply as Reply<Channel>);
    },
    hold: <C extends Channel>(channel: C): Held<C> => {
      let release!: (result: Result<Replies[C]>) => void;
      let markCalled!: () => void;
      const called = new Promise<void>((resolve) => (markCalled = resolve));
      const answer = new Promise<Result<Replies[C]>>((resolve) => (release = resolve));
      replies.set(channel, (() => {
        markCalled();
        return answer;
      }) as Reply<Channel>);
      return { release, called };
    },
    emit: (event, payload) => {
      if (event === 'snapshot') mock.current = payload as Snapshot;
      for (const listener of listeners.get(event) ?? [])
        (listener as (p: unknown) => void)(payload);
    },
  };

  const answer = async (channel: Channel, request: unknown): Promise<Result<unknown>> => {
    calls.push({ channel, request });
    const reply = replies.get(channel);
    if (reply) return typeof reply === 'function' ? reply(request as never) : reply;
    if (SNAPSHOT_CHANNELS.has(channel)) {
      return mock.current ? ok(mock.current) : fail('internal');
    }
    if (NULL_CHANNELS.has(channel)) return ok(null);
    if (channel === 'runDoctor') return ok(reports.allPass);
    return fail('internal', { api: `no canned reply for ${channel}` });
  };

  const bridge: Record<string, unknown> = {
    on: <E extends EventName>(event: E, listener: (payload: Events[E]) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: never) => void);
    },
  };
  for (const channel of CHANNEL_NAMES) {
    bridge[channel] = (request?: unknown) => answer(channel, request);
  }
  mock.bridge = bridge as DakaBridge;
  return mock;
}
