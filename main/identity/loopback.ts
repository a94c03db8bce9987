/**
 * Browser login's loopback receiver (dingtalk-api.md §6): a one-shot HTTP
 * server on 127.0.0.1 with a random port waits for DingTalk's redirect to
 * /callback, checks `state`, and hands back the authorization code. It
 * answers once, then closes; it gives up after a timeout or when cancelled.
 *
 * Only the reply carrying our state settles the login: any other page or
 * script on this machine can reach the port, so a stray or forged request
 * (wrong state, or a Host that is not our loopback address: DNS rebinding) is
 * answered 400 and ignored instead of aborting the employee's sign-in.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError, isErrorCode } from '../../shared/errors';
import { registerSecret } from '../redact';

export interface LoopbackLogin {
  /** The authorize URL to open in the system browser. */
  url: string;
  redirectUri: string;
  /**
   * Resolves with the authorization code; rejects with loginTimeout, loginDenied, or the
   * company server's own error code when it sent one (error_description).
   */
  code: Promise<string>;
  cancel(): void;
}

export interface LoopbackOptions {
  authorizeUrl: (redirectUri: string, state: string) => string;
  timeoutMs: number;
}

const PAGE = (ok: boolean) => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>Daka</title><style>body{font:16px system-ui,"PingFang SC","Microsoft YaHei",sans-serif;
margin:4em auto;max-width:32em;text-align:center;color:#222}</style></head><body>
<h1>${ok ? '✓ 登录成功' : '登录未完成'}</h1>
<p>${ok ? '可以关闭此页，回到 Daka。' : '请回到 Daka 重试。'}</p>
<p lang="en">${ok ? 'Signed in. You can close this tab and return to Daka.' : 'Sign-in did not complete. Please return to Daka and try again.'}</p>
</body></html>`;

export async function startLoopbackLogin(options: LoopbackOptions): Promise<LoopbackLogin> {
  const state = randomBytes(16).toString('hex');
  let settle!: { resolve: (code: string) => void; reject: (e: AppError) => void };
  const code = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // The answer may come before anyone awaits it (a fast browser): never an unhandled rejection.
  code.catch(() => undefined);
  let done = false;

  let hosts = new Set<string>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== '/callback' || done) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    const reply = readReply(url.searchParams, state);
    const genuine = hosts.has((req.headers.host ?? '').toLowerCase()) && reply !== 'stray';
    const ok = genuine && typeof reply === 'string';
    res
      .writeHead(ok ? 200 : 400, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      })
      .end(PAGE(ok));
    if (!genuine) return;
    if (typeof reply === 'string') {
      // The one-time code is a credential until it is traded: never in a log.
      registerSecret(reply);
      finish(null, reply);
    } else finish(reply);
  });

  function finish(error: AppError | null, value?: string): void {
    if (done) return;
    done = true;
    clearTimeout(timer);
    server.close();
    server.closeAllConnections();
    if (error) settle.reject(error);
    else settle.resolve(value ?? '');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const timer = setTimeout(
    () => finish(new AppError('loginTimeout', 'The browser login took too long')),
    options.timeoutMs,
  );
  const { port } = server.address() as AddressInfo;
  hosts = new Set([`127.0.0.1:${String(port)}`, `localhost:${String(port)}`]);
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  return {
    url: options.authorizeUrl(redirectUri, state),
    redirectUri,
    code,
    cancel: () => finish(new AppError('loginDenied', 'Login cancelled')),
  };
}

/**
 * What a request to /callback says: 'stray' when it does not carry our state
 * (ignored), the code, or why the login failed. The company server names its
 * failure with one of our error codes in error_description; DingTalk's own
 * errors (access_denied...) are a denial.
 */
export function readReply(query: URLSearchParams, state: string): string | AppError | 'stray' {
  if (query.get('state') !== state) return 'stray';
  const error = query.get('error');
  const code = query.get('code') ?? query.get('authCode');
  if (error === null && code) return code;
  const described = query.get('error_description');
  if (error !== null && isErrorCode(described)) {
    return new AppError(described, `The sign-in failed on the server: ${described}`);
  }
  return new AppError('loginDenied', error ?? 'No code in the reply');
}
