/**
 * The token endpoint. `authorization_code`: the desktop redeems the one-time
 * code with its PKCE verifier and a DPoP proof, and gets a new device session
 * bound to its key. `refresh_token`: rotation; each refresh token works once,
 * and one presented again (a copy being used, or the original after a copy
 * was) ends the whole session (OAuth 2.0 Security BCP §4.14.2).
 *
 * | situation                                   | code               |
 * | ------------------------------------------- | ------------------ |
 * | no / bad / foreign-URL / replayed proof     | proofInvalid       |
 * | code unknown, other verifier or URI         | loginStateMismatch |
 * | code presented a second time                | loginStateMismatch (and its session is revoked) |
 * | code expired                                | loginTimeout       |
 * | refresh token unknown or expired            | notSignedIn        |
 * | refresh with another device's key           | proofInvalid       |
 * | refresh of a revoked session                | sessionRevoked     |
 * | refresh token presented a second time       | sessionRevoked (and the session is revoked) |
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { tokenRequest, type TokenReply } from '../../shared/server-api';
import type { RequestMeta } from '../services';
import type { Database, Db } from '../store/schema';
import type { Transaction } from 'kysely';
import { randomToken, sha256 } from './crypto';
import type { AuthDeps } from './deps';
import type { ProofVerifier } from './dpop';
import { ACCESS_TTL_MS, REFRESH_TTL_MS } from './limits';
import { pkceMatches } from './pkce';
import { REVOKE_REASONS, revokeSession } from './revoke';

export interface TokenDeps extends AuthDeps {
  proofs: ProofVerifier;
}

const stale = (message: string) => new AppError('loginStateMismatch', message);

export async function token(
  deps: TokenDeps,
  body: unknown,
  dpopProof: string | undefined,
  meta: RequestMeta,
): Promise<TokenReply> {
  const parsed = tokenRequest.safeParse(body);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') || undefined;
    throw new AppError('invalidInput', 'Not a valid token request', { field });
  }
  // The proof first: a request without the device's key consumes nothing.
  const proof = await deps.proofs.verify(dpopProof, { method: meta.method, url: meta.url });
  const request = parsed.data;
  return request.grant_type === 'authorization_code'
    ? redeemCode(deps, request, proof.jkt, meta)
    : refresh(deps, request.refresh_token, proof.jkt, meta);
}

type CodeRequest = Extract<
  ReturnType<typeof tokenRequest.parse>,
  { grant_type: 'authorization_code' }
>;

async function redeemCode(
  deps: TokenDeps,
  request: CodeRequest,
  jkt: string,
  meta: RequestMeta,
): Promise<TokenReply> {
  const now = deps.clock.now();
  const hash = sha256(request.code);
  const code = await deps.db
    .selectFrom('auth_codes')
    .selectAll()
    .where('code_hash', '=', hash)
    .executeTakeFirst();
  if (!code) throw stale('Unknown sign-in code');
  const claim = (db: Db, sessionId: string | null) =>
    db
      .updateTable('auth_codes')
      .set({ used_at: now, session_id: sessionId })
      .where('code_hash', '=', hash)
      .where('used_at', 'is', null)
      .executeTakeFirst()
      .then((r) => r.numUpdatedRows === 1n);
  const refusal =
    code.expires_at <= now
      ? new AppError('loginTimeout', 'The sign-in code expired')
      : !pkceMatches(request.code_verifier, code.code_challenge)
        ? stale('The code verifier does not match')
        : request.redirect_uri !== code.redirect_uri
          ? stale('The redirect_uri does not match')
          : null;
  if (refusal) {
    // Single use whatever follows: a code tried with a wrong verifier is gone too.
    if (!(await claim(deps.db, null))) return codeReplayed(deps, hash, code.user_id, meta);
    throw refusal;
  }

  const sessionId = randomUUID();
  const tokens = newTokens(now);
  const device = request.device;
  // The claim (naming the session) and the session commit together, so a second
  // presentation, however close, finds the session it must revoke.
  const created = await deps.db.transaction().execute(async (trx) => {
    if (!(await claim(trx, sessionId))) return false;
    await trx
      .insertInto('sessions')
      .values({
        id: sessionId,
        user_id: code.user_id,
        user_name: code.user_name,
        device_id: device.id,
        device_name: device.name,
        platform: device.platform,
        app_version: device.appVersion,
        jkt,
        access_hash: sha256(tokens.access),
        access_expires_at: tokens.accessExpiresAt,
        created_at: now,
        last_seen_at: now,
        last_ip: meta.ip,
        revoked_at: null,
        revoked_reason: null,
      })
      .execute();
    await storeRefresh(trx, sessionId, tokens.refresh, now);
    await trx
      .insertInto('audit_log')
      .values({
        at: now,
        actor: `user:${code.user_id}`,
        action: 'session.create',
        subject: sessionId,
        detail_json: JSON.stringify({ device: device.name, platform: device.platform }),
        ip: meta.ip,
      })
      .execute();
    return true;
  });
  if (!created) return codeReplayed(deps, hash, code.user_id, meta);
  await replaceOlderSessions(deps, code.user_id, device.id, sessionId);
  deps.logger.info('auth: session created', { sessionId, userId: code.user_id });
  notifySignIn(deps, code.user_id, code.user_name);
  return reply(tokens, sessionId, code.user_id, code.user_name);
}

async function refresh(
  deps: TokenDeps,
  refreshToken: string,
  jkt: string,
  meta: RequestMeta,
): Promise<TokenReply> {
  const now = deps.clock.now();
  const hash = sha256(refreshToken);
  const found = await deps.db
    .selectFrom('refresh_tokens')
    .innerJoin('sessions', 'sessions.id', 'refresh_tokens.session_id')
    .select([
      'refresh_tokens.used_at',
      'refresh_tokens.expires_at',
      'sessions.id as session_id',
      'sessions.user_id',
      'sessions.user_name',
      'sessions.jkt',
      'sessions.revoked_at',
      'sessions.revoked_reason',
    ])
    .where('refresh_tokens.token_hash', '=', hash)
    .executeTakeFirst();
  if (!found) throw new AppError('notSignedIn', 'Unknown refresh token');
  // A refresh token without its device's key proves nothing, not even a replay.
  if (found.jkt !== jkt) {
    deps.logger.warn('auth: refresh with another key', { sessionId: found.session_id });
    throw new AppError('proofInvalid', 'DPoP proof is not from the key of this session');
  }
  if (found.revoked_at !== null) {
    throw new AppError('sessionRevoked', `Session revoked (${found.revoked_reason ?? 'unknown'})`);
  }
  if (found.used_at !== null) return replayed(deps, found.session_id, meta);
  if (found.expires_at <= now) throw new AppError('notSignedIn', 'The refresh token expired');

  const tokens = newTokens(now);
  const rotated = await deps.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('refresh_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', hash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (claimed.numUpdatedRows !== 1n) return false;
    await trx
      .updateTable('sessions')
      .set({
        access_hash: sha256(tokens.access),
        access_expires_at: tokens.accessExpiresAt,
        last_seen_at: now,
        last_ip: meta.ip,
      })
      .where('id', '=', found.session_id)
      .execute();
    await storeRefresh(trx, found.session_id, tokens.refresh, now);
    return true;
  });
  // Another request redeemed the same token between our read and our update.
  if (!rotated) return replayed(deps, found.session_id, meta);
  return reply(tokens, found.session_id, found.user_id, found.user_name);
}

/**
 * A sign-in code presented again: whoever holds a copy may have got the tokens
 * first, so the session made from it ends (RFC 6749 §4.1.2), with an audit row
 * and a 'revoked' event; nothing more to do when the code never made one.
 */
async function codeReplayed(
  deps: TokenDeps,
  hash: string,
  userId: string,
  meta: RequestMeta,
): Promise<never> {
  deps.logger.warn('auth: sign-in code presented again', { userId });
  const used = await deps.db
    .selectFrom('auth_codes')
    .select('session_id')
    .where('code_hash', '=', hash)
    .executeTakeFirst();
  if (used?.session_id) {
    await revokeSession(deps, used.session_id, REVOKE_REASONS.codeReplay, 'system', {
      ip: meta.ip,
    });
  }
  throw stale('This sign-in code was already used');
}

async function replayed(deps: TokenDeps, sessionId: string, meta: RequestMeta): Promise<never> {
  deps.logger.warn('auth: refresh token replayed, revoking the session', { sessionId });
  await revokeSession(deps, sessionId, REVOKE_REASONS.refreshReplay, 'system', { ip: meta.ip });
  throw new AppError('sessionRevoked', 'A used refresh token was presented again');
}

/**
 * One live session per device and employee: a new sign-in on the same install
 * ends the older ones. No event is sent, since the same desktop holds the new
 * session and would take it as being signed out.
 */
async function replaceOlderSessions(
  deps: TokenDeps,
  userId: string,
  deviceId: string,
  keep: string,
): Promise<void> {
  const older = await deps.db
    .selectFrom('sessions')
    .select('id')
    .where('user_id', '=', userId)
    .where('device_id', '=', deviceId)
    .where('id', '!=', keep)
    .where('revoked_at', 'is', null)
    .execute();
  for (const { id } of older) {
    await revokeSession(deps, id, REVOKE_REASONS.replaced, `user:${userId}`, { notify: false });
  }
}

function notifySignIn(deps: TokenDeps, userId: string, name: string | null): void {
  if (!deps.onSignIn) return;
  const fail = (error: unknown) =>
    deps.logger.warn('auth: onSignIn failed', {
      error: error instanceof Error ? error.message : String(error),
    });
  try {
    void Promise.resolve(deps.onSignIn(userId, name)).catch(fail);
  } catch (error) {
    fail(error);
  }
}

interface NewTokens {
  access: string;
  accessExpiresAt: number;
  refresh: string;
}

function newTokens(now: number): NewTokens {
  return { access: randomToken(), accessExpiresAt: now + ACCESS_TTL_MS, refresh: randomToken() };
}

async function storeRefresh(
  trx: Transaction<Database> | Db,
  sessionId: string,
  refreshToken: string,
  now: number,
): Promise<void> {
  await trx
    .insertInto('refresh_tokens')
    .values({
      token_hash: sha256(refreshToken),
      session_id: sessionId,
      created_at: now,
      expires_at: now + REFRESH_TTL_MS,
      used_at: null,
    })
    .execute();
}

function reply(
  tokens: NewTokens,
  sessionId: string,
  userId: string,
  name: string | null,
): TokenReply {
  return {
    access_token: tokens.access,
    token_type: 'DPoP',
    expires_in: ACCESS_TTL_MS / 1000,
    refresh_token: tokens.refresh,
    session_id: sessionId,
    user: { userId, name },
  };
}
