/**
 * The part of dingtalk-stream's DWClient the listener uses, and the factory
 * that builds a real one. Each connection attempt gets a NEW client: 2.1.5
 * starts a heartbeat interval per socket and clears only the last one on
 * disconnect(), so reusing one client across reconnects stacks intervals that
 * share one `isAlive` flag and end up terminating healthy sockets.
 */
import { DWClient, type DWClientDownStream, type EventAckData } from 'dingtalk-stream';

export type { DWClientDownStream, EventAckData };

export interface StreamCredentials {
  clientId: string;
  clientSecret: string;
}

/** DWClient's surface as the listener drives it (a real DWClient satisfies it). */
export interface StreamClientLike {
  /** True from the socket's open until it closes or DingTalk announces a disconnect. */
  readonly connected: boolean;
  /**
   * `fn` is called for every EVENT frame and must RETURN the ack: the package sends
   * `JSON.stringify(fn(msg))` at once, so a Promise would ack without a status.
   */
  registerAllEventListener(fn: (msg: DWClientDownStream) => EventAckData): unknown;
  /** POST gateway/connections/open: the websocket endpoint and a one-use ticket. */
  getEndpoint(): Promise<unknown>;
  /** Opens the websocket to that endpoint; rejects when it cannot. */
  _connect(): Promise<void>;
  /** Closes the socket (and the package's heartbeat). Safe to call in any state. */
  disconnect(): void;
}

export type StreamClientFactory = (credentials: StreamCredentials) => StreamClientLike;

/**
 * A real DWClient with its own reconnect loop off (we drive reconnects, with
 * backoff) and its websocket ping/pong keep-alive on (a half-open TCP connection
 * is terminated within two 8 s heartbeats, which then shows as a disconnect).
 */
export const createDwClient: StreamClientFactory = (credentials) => {
  // autoReconnect is read from the config at runtime but missing from the
  // constructor's declared options, hence the widened object.
  const options: ConstructorParameters<typeof DWClient>[0] & { autoReconnect: boolean } = {
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    keepAlive: true,
    debug: false,
    ua: 'daka-server',
    autoReconnect: false,
  };
  return new DWClient(options);
};
