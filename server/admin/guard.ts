/**
 * Who may use the console's API: a live admin session (cookie), a userid
 * still on the configured list, and for every state-changing request the
 * session's CSRF token in a header and, when the browser names it, our own
 * Origin. SameSite=Strict already keeps the cookie off cross-site requests;
 * the token is the second lock.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors';
import type { AdminDeps } from './deps';
import { csrfMatches, findSession, type AdminSession } from './session';
import { CSRF_HEADER } from './ui/contract';

declare module 'fastify' {
  interface FastifyRequest {
    adminSession: AdminSession | null;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function adminGuard(deps: AdminDeps, cookieName: string) {
  const origin = new URL(deps.config.publicUrl).origin;
  return async (request: FastifyRequest): Promise<void> => {
    const cookie = request.cookies[cookieName];
    const found = await findSession(deps.db, cookie, deps.clock.now());
    if ('refusal' in found) {
      throw new AppError('notSignedIn', `Sign in to the admin console (${found.refusal})`);
    }
    const { session } = found;
    // Taken off the list since signing in: out at once, not at the session's end.
    if (!deps.config.admins.includes(session.userId)) {
      throw new AppError('forbidden', 'Not an administrator');
    }
    if (!SAFE.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      if (!cookie || !csrfMatches(cookie, typeof header === 'string' ? header : undefined)) {
        throw new AppError('forbidden', 'Missing or wrong CSRF token', { field: 'csrf' });
      }
      const from = request.headers.origin;
      if (from !== undefined && from !== origin) {
        throw new AppError('forbidden', 'Cross-origin request', { field: 'origin' });
      }
    }
    request.adminSession = session;
  };
}

export function adminOf(request: FastifyRequest): AdminSession {
  if (!request.adminSession) throw new AppError('notSignedIn', 'Sign in to the admin console');
  return request.adminSession;
}
