/**
 * Browser login (DOC:obtain-identity-credentials): the authorize page on
 * login.dingtalk.com and v1.0 oauth2/userAccessToken. Like the official CLI's
 * app, only loopback redirects (http://127.0.0.1:<port>/...) are accepted.
 */
import { randomBytes } from 'node:crypto';
import { consentPage, loginErrorPage } from '../login-page';
import { findUser } from '../org';
import { apiError, ok } from '../replies';
import type { Reply } from '../replies';
import type { Ctx, Route } from '../route';
import { str } from '../route';
import { TOKEN_TTL_MS } from '../tokens';

function loopbackRedirect(text: string | undefined): URL | null {
  if (!text) return null;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' && url.hostname === '127.0.0.1' && url.port !== '' ? url : null;
  } catch {
    return null;
  }
}

function redirectTo(target: URL, params: Record<string, string | undefined>): Reply {
  const url = new URL(target);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return { kind: 'redirect', location: url.toString() };
}

function approve(ctx: Ctx, appKey: string, redirect: URL, state: string | undefined): Reply {
  const { sim } = ctx;
  const user = sim.loginUser ? findUser(sim.org, sim.loginUser) : undefined;
  if (!user) return loginErrorPage('模拟器没有可登录的用户（setLoginUser）');
  const code = sim.login.issueCode(appKey, user.userid, ctx.now);
  return redirectTo(redirect, { code, authCode: code, state });
}

/** UNCONFIRMED: how DingTalk reports a refusal; modelled on OAuth 2's access_denied. */
function deny(redirect: URL, state: string | undefined): Reply {
  return redirectTo(redirect, {
    error: 'access_denied',
    error_description: 'user denied the authorization',
    state,
  });
}

export const authorize: Route = {
  method: 'GET',
  path: '/oauth2/auth',
  family: 'login',
  appToken: false,
  appKeyOf: (ctx) => ctx.query.client_id,
  handle(ctx) {
    const { query: q, sim } = ctx;
    const app = sim.app(q.client_id);
    if (!app) return loginErrorPage(`无效的client_id：${q.client_id ?? ''}`);
    if (q.response_type !== 'code') return loginErrorPage('response_type必须为code');
    const redirect = loopbackRedirect(q.redirect_uri);
    if (!redirect) return loginErrorPage('redirect_uri不合法：仅支持http://127.0.0.1:<端口>');
    switch (sim.loginMode) {
      case 'deny':
        return deny(redirect, q.state);
      case 'auto':
        return approve(ctx, app.appKey, redirect, q.state);
      case 'page': {
        const ticket = randomBytes(12).toString('hex');
        sim.loginTickets.set(ticket, {
          appKey: app.appKey,
          redirectUri: redirect.toString(),
          state: q.state ?? '',
        });
        const user = sim.loginUser ? findUser(sim.org, sim.loginUser) : undefined;
        return consentPage({
          appKey: app.appKey,
          userName: user?.name ?? '',
          approveHref: `/oauth2/approve?ticket=${ticket}`,
          denyHref: `/oauth2/approve?ticket=${ticket}&deny=1`,
        });
      }
    }
  },
};

/** The consent page's links (login mode 'page'). */
export const consent: Route = {
  method: 'GET',
  path: '/oauth2/approve',
  family: 'login',
  appToken: false,
  appKeyOf: (ctx) => ctx.sim.loginTickets.get(ctx.query.ticket ?? '')?.appKey,
  handle(ctx) {
    const ticket = ctx.sim.loginTickets.get(ctx.query.ticket ?? '');
    if (!ticket) return loginErrorPage('授权页已失效，请重新登录');
    ctx.sim.loginTickets.delete(ctx.query.ticket ?? '');
    const redirect = new URL(ticket.redirectUri);
    const state = ticket.state === '' ? undefined : ticket.state;
    return ctx.query.deny ? deny(redirect, state) : approve(ctx, ticket.appKey, redirect, state);
  },
};

export const userAccessToken: Route = {
  method: 'POST',
  path: '/v1.0/oauth2/userAccessToken',
  family: 'api',
  appToken: false,
  appKeyOf: (ctx) => str(ctx.body.clientId),
  handle(ctx) {
    const { body, sim } = ctx;
    const app = sim.app(str(body.clientId));
    if (!app || app.appSecret !== str(body.clientSecret)) {
      return apiError(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
    }
    const grantType = str(body.grantType);
    let token;
    if (grantType === 'authorization_code') {
      const userid = sim.login.redeemCode(str(body.code) ?? '', app.appKey, ctx.now);
      if (!userid) return apiError(400, 'invalidAuthCode', '不合法的临时授权码');
      token = sim.login.issueUserToken(app.appKey, userid, ctx.now);
    } else if (grantType === 'refresh_token') {
      token = sim.login.refresh(str(body.refreshToken) ?? '', app.appKey, ctx.now);
      if (!token) return apiError(400, 'invalidRefreshToken', '不合法的refreshToken');
    } else {
      return apiError(400, 'invalidGrantType', 'grantType必须是authorization_code或refresh_token');
    }
    return ok({
      accessToken: token.accessToken,
      refreshToken: token.refreshToken,
      expireIn: TOKEN_TTL_MS / 1000,
      corpId: sim.org.corpId,
    });
  },
};
