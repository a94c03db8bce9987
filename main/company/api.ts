/**
 * The typed /v1 client: one method per route the desktop uses, each reply
 * validated with the shared schemas. Authenticated calls carry the session's
 * access token; a token the server no longer knows is refreshed once and the
 * call made again (every route the desktop calls is safe to repeat: punches
 * are idempotent per intent id), and a revoked session ends here.
 */
import type { z } from 'zod';
import { toErrorPayload } from '../../shared/errors';
import {
  healthReply,
  type HealthReply,
  historyReply,
  type HistoryReply,
  meReply,
  type MeReply,
  PATHS,
  punchReply,
  type PunchRequest,
  type PunchView,
  recordsReply,
  type RecordsReply,
  scheduleReply,
  type ScheduleReply,
} from '../../shared/server-api';
import type { SendOptions, ServerHttp } from './http';
import type { ServerSession } from './session';

export class CompanyApi {
  constructor(
    readonly http: ServerHttp,
    readonly session: ServerSession,
  ) {}

  me(): Promise<MeReply> {
    return this.authed('GET', PATHS.me, meReply);
  }

  schedule(date: string): Promise<ScheduleReply> {
    return this.authed('GET', PATHS.schedule, scheduleReply, { query: { date } });
  }

  records(from: number, to: number): Promise<RecordsReply> {
    return this.authed('GET', PATHS.records, recordsReply, { query: { from, to } });
  }

  /** My past days from..to (≤ 31 dates), from the server's caches. */
  history(from: string, to: string): Promise<HistoryReply> {
    return this.authed('GET', PATHS.history, historyReply, { query: { from, to } });
  }

  async punch(request: PunchRequest): Promise<PunchView> {
    return (await this.authed('POST', PATHS.punches, punchReply, { body: request })).punch;
  }

  async punchById(intentId: string): Promise<PunchView> {
    const path = PATHS.punch.replace(':intentId', encodeURIComponent(intentId));
    return (await this.authed('GET', path, punchReply)).punch;
  }

  health(): Promise<HealthReply> {
    return this.authed('GET', PATHS.health, healthReply);
  }

  /**
   * Ends this device's session on the server (best effort). The session's tokens are
   * forgotten before anything is sent (ServerSession.release).
   */
  async logout(): Promise<void> {
    const token = await this.session.release();
    if (token === null) return;
    const response = await this.http.send('POST', PATHS.authLogout, {
      accessToken: token,
      body: {},
    });
    await response.body?.cancel();
  }

  /** The event stream's response (the caller reads and aborts it). */
  events(signal: AbortSignal): Promise<Response> {
    return this.withToken((accessToken) =>
      this.http.send('GET', PATHS.events, { accessToken, stream: true, signal }),
    );
  }

  private authed<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    options: SendOptions = {},
  ): Promise<z.output<S>> {
    return this.withToken((accessToken) =>
      this.http.json(method, path, schema, { ...options, accessToken }),
    );
  }

  private async withToken<T>(call: (accessToken: string) => Promise<T>): Promise<T> {
    const token = await this.session.accessToken();
    try {
      return await call(token);
    } catch (error) {
      const payload = toErrorPayload(error);
      if (payload.code === 'sessionRevoked') {
        this.session.end(payload);
        throw error;
      }
      if (payload.code !== 'notSignedIn') throw error;
    }
    // The access token expired early or the server restarted: once more with a fresh one.
    this.session.invalidate(token);
    const fresh = await this.session.refresh();
    try {
      return await call(fresh);
    } catch (error) {
      const payload = toErrorPayload(error);
      if (payload.code === 'sessionRevoked' || payload.code === 'notSignedIn') {
        this.session.end(payload);
      }
      throw error;
    }
  }
}
