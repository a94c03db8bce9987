/**
 * The only pages Daka hands to the system browser: the login page it builds
 * itself (DingTalk's, for its own client id, or the company server's) with
 * the redirect to its own loopback receiver. Nothing else: Help opens the in-app
 * guide, so no documentation page is on the list either. Anything else a page asks for is refused, so a compromised renderer cannot
 * use us to open arbitrary URLs, nor a login page that signs the employee in
 * to another app or hands the code to someone else's redirect.
 */
import { AppError } from '../../shared/errors';
import { PATHS } from '../../shared/server-api';

export interface ExternalAllowList {
  /** The DingTalk login host, https://login.dingtalk.com unless configured (simulator). */
  loginBase: string;
  /** The configured DingTalk app's client id (AppKey); without one no DingTalk login page opens. */
  clientId?: string | null;
  /** The company server's address (server mode); its sign-in page is the login page then. */
  server?: string | null;
}

/** Our loopback receiver (identity/loopback.ts): http://127.0.0.1:<port>/callback. */
const LOOPBACK_REDIRECT = /^http:\/\/127\.0\.0\.1:[1-9][0-9]{0,4}\/callback$/;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** https only; plain http is accepted solely for a loopback login base (the simulator). */
function acceptableScheme(url: URL): boolean {
  return (
    url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))
  );
}

function loginAuthPath(base: URL): string {
  return `${base.pathname.replace(/\/+$/, '')}/oauth2/auth`;
}

/** The sign-in page Daka itself builds: its client id (or its server), its own redirect. */
export function isOwnLoginUrl(url: string, allow: ExternalAllowList): boolean {
  const candidate = parse(url);
  if (!candidate || candidate.username !== '' || candidate.password !== '') return false;
  const query = candidate.searchParams;
  if (!LOOPBACK_REDIRECT.test(query.get('redirect_uri') ?? '')) return false;

  const server = allow.server ? parse(allow.server) : null;
  if (server) {
    return (
      acceptableScheme(server) &&
      candidate.origin === server.origin &&
      candidate.pathname === `${server.pathname.replace(/\/+$/, '')}${PATHS.authLogin}` &&
      query.get('code_challenge_method') === 'S256'
    );
  }
  const login = parse(allow.loginBase);
  return (
    login !== null &&
    acceptableScheme(login) &&
    Boolean(allow.clientId) &&
    candidate.origin === login.origin &&
    candidate.pathname === loginAuthPath(login) &&
    query.get('client_id') === allow.clientId
  );
}

/** What the system browser may be handed: only the login page Daka built itself. */
export function isAllowedExternalUrl(url: string, allow: ExternalAllowList): boolean {
  return isOwnLoginUrl(url, allow);
}

/** shell.openExternal guarded by the allow list; refusals are AppError('invalidInput'). */
export function createExternalOpener(deps: {
  shell: { openExternal(url: string): Promise<void> };
  allow: () => ExternalAllowList;
}): (url: string) => Promise<void> {
  return async (url) => {
    if (!isAllowedExternalUrl(url, deps.allow())) {
      throw new AppError('invalidInput', 'This address is not one Daka opens', { field: 'url' });
    }
    await deps.shell.openExternal(url);
  };
}
