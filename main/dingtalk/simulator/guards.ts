/**
 * The checks DingTalk runs before an API does its job, in order: the token,
 * the IP whitelist, the app's permission, the per-app per-API QPS limit and the
 * organisation's monthly quota.
 */
import { performance } from 'node:perf_hooks';
import type { SimApp } from './org';
import { ERRMSG, apiError, oapiError } from './replies';
import type { Reply } from './replies';
import { QUOTA_COUNTED_PATHS, permissionFor } from './permissions';
import type { Ctx, Route } from './route';
import { str } from './route';

export function ipAllowed(app: SimApp, ip: string): boolean {
  return !app.ipWhitelist || app.ipWhitelist.includes(ip);
}

/** The wording DingTalk uses, which names the IP it saw (and the app). */
export function ipMessage(app: SimApp, ip: string): string {
  return (
    `访问ip不在白名单之中，请参考FAQ：https://open.dingtalk.com/document/org-faq/app-faq,` +
    `request ip=${ip} appKey(${app.appKey})`
  );
}

export function ipDenied(app: SimApp, ip: string, family: Route['family']): Reply {
  return family === 'api'
    ? apiError(403, 'Forbidden.AccessDenied.IpNotInWhiteList', ipMessage(app, ip))
    : oapiError(60020, ipMessage(app, ip));
}

/** 60011 as DingTalk words it today: the missing scope in brackets and an apply link. */
export function permissionMessage(app: SimApp, scope: string): string {
  return (
    `应用尚未开通所需的权限：[${scope}]，点击链接申请并开通即可：` +
    `https://open-dev.dingtalk.com/appscope/apply?content=${app.appKey}%23${scope}`
  );
}

/** v1.0's 403 for a missing scope, with the scope in accessdenieddetail.requiredScopes. */
export function guardPermissionV1(app: SimApp, path: string): Reply | null {
  const scope = permissionFor(path);
  if (!scope || app.permissions.includes(scope)) return null;
  return apiError(
    403,
    'Forbidden.AccessDenied.AccessTokenPermissionDenied',
    '没有调用该接口的权限，接口权限申请参考：https://open.dingtalk.com/document/orgapp-server/add-api-permission',
    { accessdenieddetail: { requiredScopes: [scope] } },
  );
}

function tokenError(reason: 'unknown' | 'expired' | 'revoked' | 'missing'): Reply {
  switch (reason) {
    case 'expired':
      return oapiError(42001);
    case 'revoked':
      return oapiError(40001);
    default:
      return oapiError(40014);
  }
}

/** Runs the guards, then the handler. */
export function runRoute(route: Route, ctx: Ctx, bodyError: Reply | null): Reply {
  const { sim } = ctx;
  if (route.appToken) {
    const token = ctx.query.access_token ?? str(ctx.body.access_token);
    if (!token) return tokenError('missing');
    const check = sim.appTokens.check(token, ctx.now);
    if (!check.ok) return tokenError(check.reason);
    const app = sim.app(check.appKey);
    if (!app) return tokenError('unknown');
    ctx.app = app;
    if (!ipAllowed(app, ctx.ip)) return ipDenied(app, ctx.ip, route.family);
    const scope = permissionFor(route.path);
    if (scope && !app.permissions.includes(scope)) {
      return oapiError(60011, permissionMessage(app, scope));
    }
  } else if (route.appKeyOf) {
    ctx.app = sim.app(route.appKeyOf(ctx)) ?? null;
  }
  if (ctx.app && route.family !== 'login' && sim.qpsLimit !== null) {
    const key = `${ctx.app.appKey} ${route.path}`;
    if (!sim.rate.allow(key, sim.qpsLimit, 1000, ctx.now, performance.now())) {
      return route.family === 'api'
        ? apiError(403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', ERRMSG[90018] ?? '')
        : oapiError(90018);
    }
  }
  if (QUOTA_COUNTED_PATHS.includes(route.path) && !sim.quota.take(route.path, ctx.now)) {
    return oapiError(90020);
  }
  if (bodyError) return bodyError;
  return route.handle(ctx);
}
