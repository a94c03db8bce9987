/**
 * The admin console: a Fastify plugin with its own sign-in (DingTalk, the
 * configured administrators only), cookie session, CSRF-checked JSON API and
 * the React bundle it serves at /admin/. Every response carries strict
 * security headers; the API answers are never cached.
 */
import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import type { AdminDeps } from './deps';
import { registerAdminLogin } from './login';
import { registerAdminApi } from './routes';
import { cookieNames } from './session';
import { CONSOLE_CSP, DEFAULT_UI_DIR, registerAdminStatic } from './static';

export type { AdminDeps } from './deps';
export { ADMIN_PATHS } from './login';

const DEFAULT_RATE = { max: 600, timeWindow: 60_000 };

export async function registerAdmin(app: FastifyInstance, deps: AdminDeps): Promise<void> {
  const secure = deps.config.publicUrl.startsWith('https:');
  const cookies = { names: cookieNames(secure), secure };
  // A console page makes a handful of requests at once; one per IP limit of its own.
  const routeConfig = { rateLimit: deps.rateLimit ?? DEFAULT_RATE };
  await app.register(async (scope) => {
    await scope.register(cookie);
    scope.decorateRequest('adminSession', null);
    scope.addHook('onSend', async (_request, reply, payload) => {
      // Pages that set their own (the refusal, the error page) keep theirs.
      if (!reply.hasHeader('content-security-policy')) {
        reply.header('content-security-policy', CONSOLE_CSP);
      }
      reply.header('x-content-type-options', 'nosniff');
      reply.header('x-frame-options', 'DENY');
      reply.header('referrer-policy', 'no-referrer');
      reply.header('cross-origin-opener-policy', 'same-origin');
      if (secure) reply.header('strict-transport-security', 'max-age=31536000');
      return payload;
    });
    registerAdminLogin(scope, deps, cookies, routeConfig);
    registerAdminApi(scope, deps, cookies, routeConfig);
    await registerAdminStatic(scope, deps.uiDir ?? DEFAULT_UI_DIR, routeConfig);
  });
}
