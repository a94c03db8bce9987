/**
 * What a DingTalk HTTP reply means: a validated value, or an AppError plus two
 * facts the retry and upload policies need — whether the app token was
 * rejected, and whether the reply proves DingTalk did nothing ("clean").
 */
import type { z } from 'zod';
import { AppError } from '../../shared/errors';
import {
  FLOOD_BAN_SECONDS,
  oapiFailure,
  retryAfterSeconds,
  robotFailure,
  v1Failure,
  type FailureContext,
} from './errors';
import { floodBan, oapiEnvelope, v1Error } from './wire';

/** oapi: errcode replies; v1: HTTP status + code; robot: errcode replies of the webhook. */
export type Dialect = 'oapi' | 'v1' | 'robot';

export type Outcome<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      error: AppError;
      tokenRejected: boolean;
      /** The failure proves the request changed nothing at DingTalk (a clean refusal, or never sent). */
      clean: boolean;
    };

export interface RawReply {
  status: number;
  contentType: string | null;
  retryAfter: string | null;
  text: string;
}

function fail(error: AppError, clean: boolean, tokenRejected = false): Outcome<never> {
  return { ok: false, error, tokenRejected, clean };
}

function looksLikeHtml(reply: RawReply): boolean {
  return /text\/html/i.test(reply.contentType ?? '') || /^\s*</.test(reply.text);
}

function busy(reply: RawReply, ctx: FailureContext): Outcome<never> {
  // A 5xx without a DingTalk errcode may come after DingTalk acted: not clean.
  return fail(
    new AppError('dingtalkBusy', `DingTalk answered HTTP ${reply.status}`, {
      dingtalkCode: `HTTP ${reply.status}`,
      api: ctx.api,
    }),
    false,
  );
}

function unexpected(ctx: FailureContext, why: string): Outcome<never> {
  return fail(new AppError('unexpectedReply', why, { api: ctx.api }), false);
}

function banned(ctx: FailureContext, retryAfter: number): Outcome<never> {
  // The flood ban is enforced in front of the APIs: nothing was processed.
  return fail(
    new AppError('ipBanned', 'DingTalk banned this IP for flooding', { api: ctx.api, retryAfter }),
    true,
  );
}

/** Statuses the flood-ban page has been seen with; a 404 or 400 page is a wrong URL or request. */
function isBanStatus(status: number): boolean {
  return (status >= 200 && status < 300) || status === 403 || status === 429;
}

/** A failure told by the HTTP status alone (no DingTalk errcode), or null for a 2xx. */
function statusFailure(reply: RawReply, ctx: FailureContext): Outcome<never> | null {
  if (reply.status >= 500) return busy(reply, ctx);
  const detail = { dingtalkCode: `HTTP ${reply.status}`, api: ctx.api };
  if (reply.status === 429) {
    return fail(
      new AppError('rateLimited', 'DingTalk throttled the call', {
        ...detail,
        retryAfter: retryAfterSeconds(reply.retryAfter) ?? 1,
      }),
      true,
    );
  }
  if (reply.status >= 400) {
    return fail(new AppError('badRequest', `DingTalk answered HTTP ${reply.status}`, detail), true);
  }
  return null;
}

function validated<T>(schema: z.ZodType<T>, json: unknown, ctx: FailureContext): Outcome<T> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return unexpected(
    ctx,
    `Reply did not match the expected shape at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? ''}`,
  );
}

function parseJson(text: string): { ok: true; json: unknown } | { ok: false } {
  try {
    return { ok: true, json: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

export function interpretReply<T>(
  dialect: Dialect,
  reply: RawReply,
  schema: z.ZodType<T>,
  ctx: FailureContext,
): Outcome<T> {
  const parsed = reply.text.trim() === '' ? { ok: false as const } : parseJson(reply.text);

  if (!parsed.ok) {
    // DingTalk's IP flood ban answers with an HTML page instead of JSON.
    if (looksLikeHtml(reply) && isBanStatus(reply.status)) return banned(ctx, FLOOD_BAN_SECONDS);
    return statusFailure(reply, ctx) ?? unexpected(ctx, `Reply is not JSON (HTTP ${reply.status})`);
  }

  const ban = floodBan.safeParse(parsed.json);
  if (ban.success) {
    // `wait` is in minutes (5 for the documented 5-minute ban).
    const wait = ban.data.wait;
    return banned(ctx, wait && wait > 0 ? wait * 60 : FLOOD_BAN_SECONDS);
  }

  if (dialect === 'v1') {
    if (reply.status >= 200 && reply.status < 300) return validated(schema, parsed.json, ctx);
    const body = v1Error.safeParse(parsed.json);
    const mapped = v1Failure(reply.status, body.success ? body.data : null, ctx, reply.retryAfter);
    return fail(mapped.error, reply.status < 500, mapped.tokenRejected);
  }

  const envelope = oapiEnvelope.safeParse(parsed.json);
  const errcode = envelope.success ? envelope.data.errcode : undefined;
  if (envelope.success && errcode) {
    if (errcode === '0') return validated(schema, parsed.json, ctx);
    // A DingTalk errcode is a clean refusal whatever the HTTP status.
    const mapped =
      dialect === 'robot' ? robotFailure(envelope.data, ctx) : oapiFailure(envelope.data, ctx);
    return fail(mapped.error, true, mapped.tokenRejected);
  }
  return statusFailure(reply, ctx) ?? unexpected(ctx, 'Reply has no errcode');
}
