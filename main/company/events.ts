/**
 * The server's event stream (GET /v1/events) over a fetch body, kept open:
 * each `event:`/`data:` frame is validated with the shared schemas and handed
 * on; a dropped connection is retried with a growing, jittered pause (reset by
 * a connection that delivered something: a 200 closed at once without a byte,
 * as a misconfigured proxy may give, backs off too); a revoked or unknown
 * session stops it for good.
 */
import { toErrorPayload } from '../../shared/errors';
import { type ServerEvent, serverEvents, type ServerEventName } from '../../shared/server-api';
import type { Logger } from '../ports';
import type { CompanyApi } from './api';
import { SseParser } from './sse';

export type StreamState = 'connected' | 'connecting' | 'off';

export interface EventStreamDeps {
  api: CompanyApi;
  onEvent: (event: ServerEvent) => void;
  onState: (state: StreamState) => void;
  logger: Logger;
  backoff?: { baseMs: number; maxMs: number };
  /**
   * Silence longer than this drops the connection and makes it again: the server sends a
   * heartbeat every 25 s, so a half-open connection (a laptop that slept, a NAT that forgot
   * it) would otherwise look connected while hearing nothing. Default 75 s.
   */
  idleMs?: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * Not proofInvalid: a proof refused for its time (a clock that jumped on waking) is cured by
 * the next one, signed with the skew the refusal's Date header taught; it backs off meanwhile.
 */
const STOPPING: ReadonlySet<string> = new Set(['sessionRevoked', 'notSignedIn']);

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/** Validates one parsed frame; unknown names and bad data are dropped. */
export function toServerEvent(name: string, data: string): ServerEvent | null {
  if (!Object.hasOwn(serverEvents, name)) return null;
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return null;
  }
  const parsed = serverEvents[name as ServerEventName].safeParse(json);
  return parsed.success ? ({ event: name, data: parsed.data } as ServerEvent) : null;
}

export class EventStream {
  private controller: AbortController | null = null;
  private state: StreamState = 'off';

  constructor(private readonly deps: EventStreamDeps) {}

  get current(): StreamState {
    return this.state;
  }

  start(): void {
    if (this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    void this.run(controller.signal);
  }

  stop(): void {
    this.controller?.abort();
    this.controller = null;
    this.setState('off');
  }

  private setState(state: StreamState): void {
    if (this.state === state) return;
    this.state = state;
    this.deps.onState(state);
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { baseMs, maxMs } = this.deps.backoff ?? { baseMs: 1000, maxMs: 60_000 };
    const sleep = this.deps.sleep ?? abortableSleep;
    let failures = 0;
    while (!signal.aborted) {
      this.setState('connecting');
      const heard = { delivered: false };
      try {
        const response = await this.deps.api.events(signal);
        this.setState('connected');
        await this.read(response, signal, heard);
      } catch (error) {
        if (signal.aborted) break;
        const code = toErrorPayload(error).code;
        if (STOPPING.has(code)) {
          // The session is over (the API already signed us out): nothing to reconnect to.
          this.deps.logger.info('events: session ended', { code });
          break;
        }
        this.deps.logger.debug('events: connection lost', { code });
      }
      if (signal.aborted) break;
      // A drop after the stream worked (even with an error) starts again from the base pause.
      failures = heard.delivered ? 1 : failures + 1;
      const pause = Math.min(maxMs, baseMs * 2 ** (failures - 1));
      await sleep(pause / 2 + Math.random() * (pause / 2), signal);
    }
    if (this.controller?.signal === signal) this.controller = null;
    this.setState('off');
  }

  /** Reads frames until the stream ends; `heard.delivered` once anything at all arrived. */
  private async read(
    response: Response,
    signal: AbortSignal,
    heard: { delivered: boolean },
  ): Promise<void> {
    const body = response.body;
    if (!body) return;
    const parser = new SseParser();
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    const onAbort = () => void reader.cancel().catch(() => undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    const idleMs = this.deps.idleMs ?? 75_000;
    let idle = setTimeout(onAbort, idleMs);
    idle.unref();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        clearTimeout(idle);
        idle = setTimeout(onAbort, idleMs);
        idle.unref();
        if (value.length > 0) heard.delivered = true;
        for (const message of parser.push(value)) {
          const event = toServerEvent(message.event, message.data);
          if (event) this.deps.onEvent(event);
          else this.deps.logger.debug('events: frame ignored', { event: message.event });
          if (event?.event === 'revoked') return;
        }
      }
    } finally {
      clearTimeout(idle);
      signal.removeEventListener('abort', onAbort);
      // Whatever ended the read (revoked, an error): let go of the connection, not leave it open.
      await reader.cancel().catch(() => undefined);
    }
  }
}
