/**
 * Sign-in to the console with DingTalk, the same server-side exchange the
 * desktops use, with the console's own redirect URL (/admin/callback, the
 * second URL registered in DingTalk's 安全设置). The `state` is random, kept
 * hashed in the database for one use, and also in a short-lived cookie, so
 * a sign-in that this browser did not start is refused (login CSRF). Only
 * userids on the configured list get a session; everyone else gets a clear
 * page saying so, and the attempt is in the audit log.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { randomToken, sameText } from '../auth/crypto';
import { ADMIN_ACTIONS, actorOf, audit } from './audit';
import type { AdminDeps } from './deps';
import { identifyByCode } from './identify';
import { PAGE_CSP, refusalPage } from './pages';
import { ABSOLUTE_MS, claimLogin, createSession, LOGIN_TTL_MS, rememberLogin } from './session';

export const ADMIN_PATHS = {
  home: '/admin/',
  login: '/admin/login',
  callback: '/admin/callback',
} as const;

export interface CookieSetup {
  names: { session: string; login: string };
  secure: boolean;
}

export function registerAdminLogin(
  fastify: FastifyInstance,
  deps: AdminDeps,
  cookies: CookieSetup,
  routeConfig: object,
): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const base = { httpOnly: true, secure: cookies.secure, path: '/' } as const;
  const callbackUrl = `${deps.config.publicUrl}${ADMIN_PATHS.callback}`;
  const noStore = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');

  app.get(
    ADMIN_PATHS.login,
    {
      schema: { hide: true, querystring: z.object({}).strict() },
      config: { htmlErrors: true, ...routeConfig },
    },
    async (_request, reply) => {
      const state = randomToken();
      await rememberLogin(deps.db, state, deps.clock.now());
      // Lax: DingTalk's redirect back is a cross-site top-level navigation.
      reply.setCookie(cookies.names.login, state, {
        ...base,
        sameSite: 'lax',
        maxAge: LOGIN_TTL_MS / 1000,
      });
      noStore(reply);
      return reply.redirect(deps.dingtalk.authorizeUrl(callbackUrl, state), 302);
    },
  );

  app.get(
    ADMIN_PATHS.callback,
    {
      schema: { hide: true, querystring: z.record(z.string().max(64), z.string().max(2048)) },
      config: { htmlErrors: true, ...routeConfig },
    },
    async (request, reply) => {
      const now = deps.clock.now();
      const { state, error } = request.query;
      const expected = request.cookies[cookies.names.login];
      reply.clearCookie(cookies.names.login, { ...base, sameSite: 'lax' });
      noStore(reply);
      if (!state || !expected || !sameText(state, expected)) {
        throw new AppError('loginStateMismatch', 'This sign-in was not started in this browser');
      }
      if (!(await claimLogin(deps.db, state, now))) {
        throw new AppError('loginStateMismatch', 'Unknown, used or expired sign-in');
      }
      const code = request.query.code ?? request.query.authCode;
      if (error || !code) throw new AppError('loginDenied', 'DingTalk refused the sign-in');
      const user = await identifyByCode(deps.dingtalk, code);
      const ip = request.ip || null;
      if (!deps.config.admins.includes(user.userId)) {
        await audit(deps.db, {
          at: now,
          actor: user.userId,
          action: ADMIN_ACTIONS.signInRefused,
          detail: { name: user.name },
          ip,
        });
        deps.logger.warn('admin: sign-in refused (not an administrator)', { userId: user.userId });
        return reply
          .code(403)
          .type('text/html; charset=utf-8')
          .header('content-security-policy', PAGE_CSP)
          .send(refusalPage(user.userId));
      }
      const { cookie } = await createSession(deps.db, user, now, ip);
      await audit(deps.db, {
        at: now,
        actor: actorOf(user.userId),
        action: ADMIN_ACTIONS.signIn,
        detail: { name: user.name },
        ip,
      });
      deps.logger.info('admin: signed in', { userId: user.userId });
      reply.setCookie(cookies.names.session, cookie, {
        ...base,
        sameSite: 'strict',
        maxAge: ABSOLUTE_MS / 1000,
      });
      return reply.redirect(ADMIN_PATHS.home, 302);
    },
  );
}
