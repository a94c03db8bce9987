/**
 * App access tokens: legacy `GET /gettoken` and v1.0 `POST /v1.0/oauth2/accessToken`.
 */
import { ipAllowed, ipDenied } from '../guards';
import { apiError, oapiError, ok } from '../replies';
import type { Route } from '../route';
import { str } from '../route';
import { TOKEN_TTL_MS } from '../tokens';

const TTL_S = TOKEN_TTL_MS / 1000;

export const gettoken: Route = {
  method: 'GET',
  path: '/gettoken',
  family: 'oapi',
  appToken: false,
  appKeyOf: (ctx) => ctx.query.appkey,
  handle(ctx) {
    const app = ctx.sim.app(ctx.query.appkey);
    if (!app || app.appSecret !== ctx.query.appsecret) return oapiError(40089);
    if (!ipAllowed(app, ctx.ip)) return ipDenied(app, ctx.ip, 'oapi');
    const token = ctx.sim.appTokens.issue(app.appKey, ctx.now);
    return ok({ errcode: 0, access_token: token.value, errmsg: 'ok', expires_in: TTL_S });
  },
};

export const accessToken: Route = {
  method: 'POST',
  path: '/v1.0/oauth2/accessToken',
  family: 'api',
  appToken: false,
  appKeyOf: (ctx) => str(ctx.body.appKey),
  handle(ctx) {
    const app = ctx.sim.app(str(ctx.body.appKey));
    if (!app || app.appSecret !== str(ctx.body.appSecret)) {
      return apiError(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
    }
    if (!ipAllowed(app, ctx.ip)) return ipDenied(app, ctx.ip, 'api');
    const token = ctx.sim.appTokens.issue(app.appKey, ctx.now);
    return ok({ accessToken: token.value, expireIn: TTL_S });
  },
};
