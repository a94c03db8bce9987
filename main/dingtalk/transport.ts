/**
 * One HTTP attempt: fetch with a timeout, measure the server clock, interpret
 * the reply, report a CallEvent. No retries here (see http.ts). Logs carry the
 * API name only: URLs, headers and bodies hold secrets and tokens.
 */
import type { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { Clock, Fetch, Logger } from '../ports';
import type { FailureContext } from './errors';
import { errorCodes, neverLeft } from './never-sent';
import { interpretReply, type Dialect, type Outcome } from './reply';
import type { SkewTracker } from './skew';
import type { CallEvent } from './types';

export interface TransportRequest<T> {
  /** Reported name, e.g. "oapi:/attendance/list" or "robot". */
  api: string;
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  dialect: Dialect;
  schema: z.ZodType<T>;
  quotaCounted: boolean;
  /** This request fetches the app token. */
  token: boolean;
  /** This request carries the app token (a rejection can be cured by refetching it). */
  appToken: boolean;
  permission?: string;
  /** Values to scrub from anything DingTalk echoes back. */
  secrets: readonly string[];
}

export interface Transport {
  send<T>(request: TransportRequest<T>): Promise<Outcome<T>>;
}

export interface TransportDeps {
  fetch: Fetch;
  clock: Clock;
  timeoutMs: number;
  skew: SkewTracker;
  onCall: (event: CallEvent) => void;
  logger: Logger;
}

function networkFailure(error: unknown, timedOut: boolean, api: string): Outcome<never> {
  if (timedOut) {
    return {
      ok: false,
      error: new AppError('timeout', 'DingTalk did not answer in time', { api }),
      tokenRejected: false,
      clean: false,
    };
  }
  const codes = errorCodes(error);
  const neverSent = neverLeft(error);
  return {
    ok: false,
    error: new AppError(
      'networkDown',
      neverSent ? 'Cannot reach DingTalk' : 'Connection to DingTalk failed',
      {
        api,
        ...(codes[0] ? { dingtalkCode: codes[0] } : {}),
      },
    ),
    tokenRejected: false,
    clean: neverSent,
  };
}

export function createTransport(deps: TransportDeps): Transport {
  return {
    async send<T>(request: TransportRequest<T>): Promise<Outcome<T>> {
      const ctx: FailureContext = {
        api: request.api,
        tokenFetch: request.token,
        appToken: request.appToken,
        permission: request.permission,
        secrets: request.secrets,
      };
      const signal = AbortSignal.timeout(deps.timeoutMs);
      const at = deps.clock.now();
      const started = performance.now();
      let outcome: Outcome<T>;
      try {
        const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
        if (request.body !== undefined) headers['content-type'] = 'application/json';
        const res = await deps.fetch(request.url, {
          method: request.method,
          headers,
          body: request.body === undefined ? undefined : JSON.stringify(request.body),
          signal,
          // DingTalk never redirects its APIs; following a 307 would resend secrets elsewhere.
          redirect: 'manual',
        });
        deps.skew.record(at, deps.clock.now(), res.headers.get('date'));
        const text = await res.text();
        outcome = interpretReply(
          request.dialect,
          {
            status: res.status,
            contentType: res.headers.get('content-type'),
            retryAfter: res.headers.get('retry-after'),
            text,
          },
          request.schema,
          ctx,
        );
      } catch (error) {
        outcome = networkFailure(error, signal.aborted, request.api);
      }
      const event: CallEvent = {
        api: request.api,
        quotaCounted: request.quotaCounted,
        token: request.token,
        ok: outcome.ok,
        durationMs: Math.round(performance.now() - started),
        at,
      };
      if (!outcome.ok) event.errorCode = outcome.error.code;
      try {
        deps.onCall(event);
      } catch (error) {
        // A failing listener (the quota meter) must not turn a good call into a failure.
        deps.logger.error('onCall listener failed', { api: request.api, error: String(error) });
      }
      if (outcome.ok) {
        deps.logger.debug('dingtalk call', { api: request.api, durationMs: event.durationMs });
      } else {
        deps.logger.warn('dingtalk call failed', {
          api: request.api,
          code: outcome.error.code,
          dingtalkCode: outcome.error.detail.dingtalkCode,
          durationMs: event.durationMs,
        });
      }
      return outcome;
    },
  };
}
