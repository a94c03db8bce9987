/**
 * Sign-in through the company server (RFC 8252 with PKCE): the system browser
 * opens the server's /v1/auth/login, the server does the DingTalk login with
 * its own secret and redirects back to our loopback receiver with a one-time
 * code and our state; we trade the code, the PKCE verifier and a proof of this
 * device's key for the session's tokens.
 */
import type { DeviceInfo, TokenReply } from '../../shared/server-api';
import { PATHS } from '../../shared/server-api';
import { startLoopbackLogin } from '../identity/loopback';
import { createPkce } from './pkce';
import type { ServerSession } from './session';

export interface ServerLoginDeps {
  server: string;
  session: ServerSession;
  device: DeviceInfo;
  openUrl: (url: string) => Promise<void>;
  timeoutMs: number;
}

export interface ServerLoginFlow {
  /** The token reply, not yet adopted: the caller decides (a cancelled login adopts nothing). */
  tokens: Promise<TokenReply>;
  cancel(): void;
}

export function serverLoginUrl(
  server: string,
  q: { redirectUri: string; state: string; challenge: string },
): string {
  const params = new URLSearchParams({
    redirect_uri: q.redirectUri,
    state: q.state,
    code_challenge: q.challenge,
    code_challenge_method: 'S256',
  });
  return `${server}${PATHS.authLogin}?${params.toString()}`;
}

export async function startServerLogin(deps: ServerLoginDeps): Promise<ServerLoginFlow> {
  const pkce = createPkce();
  const loopback = await startLoopbackLogin({
    authorizeUrl: (redirectUri, state) =>
      serverLoginUrl(deps.server, { redirectUri, state, challenge: pkce.challenge }),
    timeoutMs: deps.timeoutMs,
  });
  const tokens = (async () => {
    await deps.openUrl(loopback.url).catch((error: unknown) => {
      loopback.cancel();
      throw error;
    });
    const code = await loopback.code;
    return deps.session.requestTokens({
      grant_type: 'authorization_code',
      code,
      code_verifier: pkce.verifier,
      redirect_uri: loopback.redirectUri,
      device: deps.device,
    });
  })();
  tokens.catch(() => undefined);
  return { tokens, cancel: () => loopback.cancel() };
}
