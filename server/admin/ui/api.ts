/**
 * The console's calls to its API: same-origin JSON, the cookie sent by the
 * browser, the session's CSRF token on every state-changing request, and
 * `{ error }` replies turned into ApiError values the views can translate.
 */
import type { AppErrorPayload } from '../../../shared/errors';
import { ADMIN_API, CSRF_HEADER } from './constants';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly payload: AppErrorPayload,
  ) {
    super(payload.message);
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the server says the session is over (the App shows the sign-in again). */
let onSignedOut: () => void = () => undefined;
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`${ADMIN_API}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, { code: 'networkDown', message: 'The server did not answer' });
  }
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => null)) as { error?: AppErrorPayload } | null;
  if (!res.ok) {
    const payload = json?.error ?? { code: 'internal', message: `HTTP ${res.status}` };
    if (res.status === 401 && path !== '/me') onSignedOut();
    throw new ApiError(res.status, payload);
  }
  return json as T;
}

/** A query string from the set fields only. */
export function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const text = q.toString();
  return text ? `?${text}` : '';
}
