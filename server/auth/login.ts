/**
 * The browser half of the sign-in (RFC 8252 with PKCE): the desktop opens the
 * system browser at the server, the server sends it on to DingTalk with its own
 * registered redirect and a random `state`, and DingTalk's answer is turned into
 * the employee's userid and a one-time code for the desktop's loopback receiver.
 * The userid comes only from DingTalk (userAccessToken → users/me →
 * getbyunionid); nobody types one.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { PATHS, loginStartQuery } from '../../shared/server-api';
import { randomToken, sha256 } from './crypto';
import type { AuthDeps } from './deps';
import { CODE_TTL_MS, LOGIN_TTL_MS } from './limits';

type LoginDeps = Pick<AuthDeps, 'db' | 'config' | 'dingtalk' | 'clock' | 'logger'>;

/** Validates the desktop's request, remembers it, and returns DingTalk's authorize URL. */
export async function startLogin(deps: LoginDeps, query: unknown): Promise<string> {
  const parsed = loginStartQuery.safeParse(query);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') || undefined;
    throw new AppError('invalidInput', 'Not a valid sign-in request', { field });
  }
  const { redirect_uri, state, code_challenge } = parsed.data;
  if (!isListenablePort(redirect_uri)) {
    // The shared pattern allows any 1-5 digits; 0 or > 65535 would only fail later, in the
    // callback (new URL throws), after this login was spent.
    throw new AppError('invalidInput', 'Not a valid sign-in request', { field: 'redirect_uri' });
  }
  const now = deps.clock.now();
  const id = randomUUID();
  await deps.db
    .insertInto('login_requests')
    .values({
      id,
      redirect_uri,
      client_state: state,
      code_challenge,
      created_at: now,
      expires_at: now + LOGIN_TTL_MS,
      used_at: null,
    })
    .execute();
  return deps.dingtalk.authorizeUrl(`${deps.config.publicUrl}${PATHS.authCallback}`, id);
}

function isListenablePort(uri: string): boolean {
  const port = Number(/^http:\/\/[^/]*:(\d+)\//.exec(uri)?.[1]);
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/**
 * DingTalk came back. Returns the desktop's loopback URL to redirect to: with
 * `code` and the desktop's `state`, or, when the employee declined, with
 * `error=access_denied`, or when DingTalk's code does not resolve to an
 * employee, with `error=server_error&error_description=<error code>` (RFC 6749
 * §4.1.2.1), so the desktop stops waiting at once. Throws for an error page
 * when the state is unknown, used or expired (there is no desktop to tell).
 */
export async function callback(
  deps: LoginDeps,
  query: Record<string, string | undefined>,
): Promise<string> {
  const now = deps.clock.now();
  const state = query.state;
  const request = state
    ? await deps.db
        .selectFrom('login_requests')
        .selectAll()
        .where('id', '=', state)
        .executeTakeFirst()
    : undefined;
  if (!request) {
    if (query.error) throw new AppError('loginDenied', 'DingTalk refused the sign-in');
    throw new AppError('loginStateMismatch', 'Unknown sign-in state');
  }
  if (request.used_at !== null) {
    throw new AppError('loginStateMismatch', 'This sign-in was already completed');
  }
  if (request.expires_at <= now) throw new AppError('loginTimeout', 'The sign-in took too long');
  // One answer per state, even when two arrive together: the update decides.
  const claimed = await deps.db
    .updateTable('login_requests')
    .set({ used_at: now })
    .where('id', '=', request.id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (claimed.numUpdatedRows !== 1n) {
    throw new AppError('loginStateMismatch', 'This sign-in was already completed');
  }

  const back = new URL(request.redirect_uri);
  back.searchParams.set('state', request.client_state);
  const dingtalkCode = query.code ?? query.authCode;
  if (query.error || !dingtalkCode) {
    deps.logger.info('auth: DingTalk sign-in declined', {
      error: (query.error ?? 'no code').slice(0, 64),
    });
    back.searchParams.set('error', 'access_denied');
    return back.toString();
  }

  let user: { userId: string; name: string | null };
  try {
    user = await identify(deps, dingtalkCode);
  } catch (error) {
    // The login is spent and we know where the desktop waits: tell it now (RFC 6749
    // §4.1.2.1) rather than let it wait out its timeout. Only the error code goes.
    back.searchParams.set('error', 'server_error');
    back.searchParams.set('error_description', error instanceof AppError ? error.code : 'internal');
    return back.toString();
  }
  const code = randomToken();
  await deps.db
    .insertInto('auth_codes')
    .values({
      code_hash: sha256(code),
      user_id: user.userId,
      user_name: user.name,
      code_challenge: request.code_challenge,
      redirect_uri: request.redirect_uri,
      created_at: now,
      expires_at: now + CODE_TTL_MS,
      used_at: null,
    })
    .execute();
  deps.logger.info('auth: DingTalk sign-in', { userId: user.userId });
  back.searchParams.set('code', code);
  return back.toString();
}

/** DingTalk's code → the employee's userid and nick (the only way a userid enters a session). */
async function identify(
  deps: LoginDeps,
  code: string,
): Promise<{ userId: string; name: string | null }> {
  try {
    const token = await deps.dingtalk.userAccessToken(code);
    const me = await deps.dingtalk.me(token.accessToken);
    const userId = await deps.dingtalk.userIdByUnionId(me.unionId);
    return { userId, name: me.nick };
  } catch (error) {
    deps.logger.warn('auth: DingTalk code exchange failed', {
      code: error instanceof AppError ? error.code : 'internal',
    });
    throw error;
  }
}
