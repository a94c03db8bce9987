/**
 * Who is who: topapi/v2/user/getbymobile, topapi/user/getbyunionid (app token)
 * and v1.0 contact/users/me (user token from the browser login).
 */
import { guardPermissionV1 } from '../guards';
import { apiError, missingParam, oapiError, ok } from '../replies';
import type { Route } from '../route';
import { isPresent, str } from '../route';

/** Mainland numbers may come as +86 / 86 / with separators. */
function normaliseMobile(text: string): string {
  return text.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
}

export const getByMobile: Route = {
  method: 'POST',
  path: '/topapi/v2/user/getbymobile',
  family: 'oapi',
  appToken: true,
  handle(ctx) {
    const { body, sim } = ctx;
    if (!isPresent(body.mobile)) return missingParam('mobile');
    const mobile = normaliseMobile(str(body.mobile) ?? '');
    if (!/^\d{5,20}$/.test(mobile)) return oapiError(40104);
    const user = sim.org.users.find((u) => normaliseMobile(u.mobile) === mobile);
    if (!user) return oapiError(60121);
    if (ctx.app && !sim.visible(ctx.app, user.userid)) return oapiError(50002);
    return ok({
      errcode: 0,
      errmsg: 'ok',
      result: { userid: user.userid, exclusive_account_userid_list: [] },
    });
  },
};

export const getByUnionId: Route = {
  method: 'POST',
  path: '/topapi/user/getbyunionid',
  family: 'oapi',
  appToken: true,
  handle(ctx) {
    const { body, sim } = ctx;
    if (!isPresent(body.unionid)) return missingParam('unionid');
    const unionid = str(body.unionid);
    const user = sim.org.users.find((u) => u.unionId === unionid);
    if (!user) return oapiError(60121);
    if (ctx.app && !sim.visible(ctx.app, user.userid)) return oapiError(50002);
    // The doc's sample really sends errcode and contact_type as strings.
    return ok({ errcode: '0', errmsg: 'ok', result: { contact_type: '0', userid: user.userid } });
  },
};

const USER_TOKEN_HEADER = 'x-acs-dingtalk-access-token';

export const usersMe: Route = {
  method: 'GET',
  path: '/v1.0/contact/users/me',
  family: 'api',
  appToken: false,
  appKeyOf: (ctx) => {
    const token = str(ctx.headers[USER_TOKEN_HEADER]);
    return token ? ctx.sim.login.userToken(token, ctx.now)?.appKey : undefined;
  },
  handle(ctx) {
    const { sim } = ctx;
    const token = sim.login.userToken(str(ctx.headers[USER_TOKEN_HEADER]) ?? '', ctx.now);
    const user = token && sim.org.users.find((u) => u.userid === token.userid);
    if (!token || !user || !ctx.app) {
      return apiError(401, 'InvalidAuthentication', '不合法的access_token');
    }
    const denied = guardPermissionV1(ctx.app, '/v1.0/contact/users/me');
    if (denied) return denied;
    return ok({
      nick: user.name,
      unionId: user.unionId,
      openId: user.openId ?? `open-${user.unionId}`,
      mobile: user.mobile,
      stateCode: '86',
      avatarUrl: '',
      ...(user.email ? { email: user.email } : {}),
      visitor: false,
    });
  },
};
