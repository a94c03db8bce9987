/**
 * The only pages Daka hands to the system browser: the DingTalk login page it
 * builds itself and its own documentation. Anything else a page asks for is
 * refused, so a compromised renderer cannot use us to open arbitrary URLs.
 */
import { AppError } from '../../shared/errors';

export interface ExternalAllowList {
  /** The DingTalk login host, https://login.dingtalk.com unless configured (simulator). */
  loginBase: string;
  docsUrl: string;
}

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

export function isAllowedExternalUrl(url: string, allow: ExternalAllowList): boolean {
  const candidate = parse(url);
  if (!candidate || candidate.username !== '' || candidate.password !== '') return false;

  const login = parse(allow.loginBase);
  if (
    login &&
    acceptableScheme(login) &&
    candidate.origin === login.origin &&
    candidate.pathname === loginAuthPath(login)
  ) {
    return true;
  }

  const docs = parse(allow.docsUrl);
  return (
    docs !== null &&
    docs.protocol === 'https:' &&
    candidate.origin === docs.origin &&
    candidate.pathname === docs.pathname
  );
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
