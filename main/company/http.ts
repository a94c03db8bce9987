/**
 * The wire to the company server: one request with its DPoP proof (and the
 * access token when there is one), a timeout, the server's clock read from the
 * Date header, and every failure turned into an AppError the UI translates:
 * the server's own `{ error }` body keeps its code; no answer (refused, dropped,
 * timed out) is serverUnreachable, never DingTalk's networkDown; anything else
 * is serverUnavailable. Replies are validated with the
 * shared zod schemas (a reply that does not fit is unexpectedReply).
 */
import type { z } from 'zod';
import { AppError } from '../../shared/errors';
import { errorReply } from '../../shared/server-api';
import { neverLeft } from '../dingtalk/never-sent';
import type { Clock, Fetch } from '../ports';
import { type DeviceKey, signProof } from './dpop';

export interface ServerHttpOptions {
  /** Normalised server URL without a trailing slash (see server-url.ts). */
  server: string;
  deviceKey: () => Promise<DeviceKey>;
  fetch?: Fetch;
  clock: Clock;
  timeoutMs?: number;
  /** Every request's end, for the online flag. */
  onCall?: (event: { path: string; ok: boolean; errorCode?: string }) => void;
}

export interface SendOptions {
  query?: Record<string, string | number>;
  body?: unknown;
  accessToken?: string;
  /** A long-lived response (the event stream): no timeout, the caller aborts. */
  stream?: boolean;
  signal?: AbortSignal;
}

/** Reached the server (or not) and what it said. */
export class ServerHttp {
  readonly server: string;
  private readonly fetchFn: Fetch;
  private skew: number | null = null;

  constructor(private readonly options: ServerHttpOptions) {
    this.server = options.server;
    this.fetchFn = options.fetch ?? fetch;
  }

  /** Server clock minus ours (ms), from the last reply's Date header; null before one. */
  clockSkewMs(): number | null {
    return this.skew;
  }

  /** The server's time as far as we know it. */
  serverNow(): number {
    return this.options.clock.now() + (this.skew ?? 0);
  }

  /** A request whose JSON reply is validated by `schema`. */
  async json<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    options: SendOptions = {},
  ): Promise<z.output<S>> {
    const response = await this.send(method, path, options);
    let body: unknown;
    try {
      body = response.status === 204 ? {} : await response.json();
    } catch {
      throw this.report(
        path,
        new AppError('unexpectedReply', 'The server sent no JSON', {
          api: path,
          delivery: 'unknown',
        }),
      );
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw this.report(
        path,
        new AppError('unexpectedReply', 'The server reply does not fit the API', {
          api: path,
          delivery: 'unknown',
        }),
      );
    }
    this.options.onCall?.({ path, ok: true });
    return parsed.data as z.output<S>;
  }

  /** The raw 2xx response (the event stream); errors thrown as AppError. */
  async send(method: string, path: string, options: SendOptions = {}): Promise<Response> {
    const url = `${this.server}${path}`;
    const query = options.query
      ? `?${new URLSearchParams(Object.entries(options.query).map(([k, v]) => [k, String(v)])).toString()}`
      : '';
    const key = await this.options.deviceKey();
    const proof = await signProof(key, {
      method,
      url,
      now: this.serverNow(),
      ...(options.accessToken !== undefined ? { accessToken: options.accessToken } : {}),
    });
    const headers: Record<string, string> = { dpop: proof, accept: 'application/json' };
    if (options.accessToken !== undefined) headers.authorization = `DPoP ${options.accessToken}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.stream) headers.accept = 'text/event-stream';

    const timeout = options.stream ? null : AbortSignal.timeout(this.options.timeoutMs ?? 10_000);
    const signals = [timeout, options.signal].filter(
      (s): s is AbortSignal => s !== null && s !== undefined,
    );
    const sentAt = this.options.clock.now();
    let response: Response;
    try {
      response = await this.fetchFn(url + query, {
        method,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        signal: signals.length > 0 ? AbortSignal.any(signals) : undefined,
        redirect: 'error',
      });
    } catch (error) {
      const timedOut = timeout?.aborted === true;
      const delivery = !timedOut && neverLeft(error) ? 'notSent' : 'unknown';
      throw this.report(
        path,
        timedOut
          ? new AppError('serverUnreachable', 'The company server did not answer in time', {
              api: path,
              delivery,
            })
          : new AppError('serverUnreachable', 'The company server cannot be reached', {
              api: path,
              delivery,
            }),
      );
    }
    this.measureSkew(response, sentAt);
    if (response.ok) return response;
    throw this.report(path, await errorOf(response, path));
  }

  private measureSkew(response: Response, sentAt: number): void {
    const date = response.headers.get('date');
    const serverAt = date ? Date.parse(date) : Number.NaN;
    if (Number.isNaN(serverAt)) return;
    const mid = (sentAt + this.options.clock.now()) / 2;
    // The header has whole seconds: half a second of it is rounding.
    this.skew = serverAt + 500 - mid;
  }

  private report(path: string, error: AppError): AppError {
    this.options.onCall?.({ path, ok: false, errorCode: error.code });
    return error;
  }
}

async function errorOf(response: Response, path: string): Promise<AppError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const parsed = errorReply.safeParse(body);
  if (parsed.success) {
    const { code, message, detail } = parsed.data.error;
    return new AppError(code, message, { ...(detail as Record<string, unknown>), api: path });
  }
  // Not the server's own error (a proxy's page, say): the server may have done the work.
  return new AppError('serverUnavailable', `The company server answered HTTP ${response.status}`, {
    api: path,
    delivery: 'unknown',
  });
}
