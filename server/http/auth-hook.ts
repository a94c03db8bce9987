/**
 * Authentication of /v1 data routes: a preHandler that asks the AuthService
 * about the request's DPoP-bound token and proof, and `sessionOf` that the
 * handlers call to get the session (or throw the refusal).
 *
 * The hook remembers a refusal instead of throwing it, so that the per-session
 * rate limiter (the next preHandler) still counts the request, per IP: a flood
 * of bad tokens is throttled like any other.
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors';
import type { AuthedSession, AuthService, RequestMeta } from '../services';

type AuthState = { session: AuthedSession } | { refusal: unknown };

declare module 'fastify' {
  interface FastifyRequest {
    dakaAuth: AuthState | null;
  }
}

/**
 * The DPoP `htu` a proof must name is the configured public URL plus the path,
 * never built from the Host header or X-Forwarded-*: behind a reverse proxy the
 * Host the server sees is not what the desktop signed, and a Host an attacker
 * chooses must not decide which URL a captured proof is valid for.
 */
export function requestMeta(request: FastifyRequest, publicUrl: string): RequestMeta {
  const path = request.url.split(/[?#]/, 1)[0] ?? '/';
  return { method: request.method, url: `${publicUrl}${path}`, ip: request.ip || null };
}

function singleHeader(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  if (Array.isArray(value)) {
    // RFC 9449 §4.3: exactly one DPoP header; two Authorization headers are no better.
    throw new AppError('proofInvalid', `More than one ${name} header`);
  }
  return value;
}

export function dpopHeader(request: FastifyRequest): string | undefined {
  return singleHeader(request, 'dpop');
}

export function authenticateHook(auth: AuthService, publicUrl: string) {
  return async (request: FastifyRequest): Promise<void> => {
    try {
      const session = await auth.authenticate(
        singleHeader(request, 'authorization'),
        dpopHeader(request),
        requestMeta(request, publicUrl),
      );
      request.dakaAuth = { session };
    } catch (refusal) {
      request.dakaAuth = { refusal };
    }
  };
}

/** The request's session, or the authentication refusal thrown. */
export function sessionOf(request: FastifyRequest): AuthedSession {
  const state = request.dakaAuth;
  if (!state) throw new AppError('notSignedIn', 'Not signed in');
  if ('session' in state) return state.session;
  throw state.refusal;
}

/** The rate limiter's key: the session when there is one, else the client's address. */
export function rateKey(request: FastifyRequest): string {
  const state = request.dakaAuth;
  return state && 'session' in state ? `session:${state.session.id}` : `ip:${request.ip}`;
}

/**
 * The token endpoint's key: the credential presented (a refresh token or a
 * one-time code), not the IP, since a whole office refreshes from one NAT
 * address every few minutes. Hashed: the limiter's keys are not secrets' store.
 */
export function tokenRateKey(request: FastifyRequest): string {
  const body = request.body as { refresh_token?: unknown; code?: unknown } | undefined;
  const credential = body?.refresh_token ?? body?.code;
  if (typeof credential !== 'string') return `ip:${request.ip}`;
  return `credential:${createHash('sha256').update(credential).digest('base64url').slice(0, 22)}`;
}
