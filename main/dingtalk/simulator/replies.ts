/**
 * What a handler answers, and DingTalk's error shapes: legacy (oapi) errors
 * are HTTP 200 with `errcode`/`errmsg`; v1.0 errors are HTTP 4xx/5xx with a
 * string `code`, a `message` and a `requestid`.
 */
import { randomBytes } from 'node:crypto';

export type Reply =
  | { kind: 'json'; status: number; body: Record<string, unknown> }
  | { kind: 'html'; status: number; html: string }
  | { kind: 'redirect'; location: string };

/**
 * errmsg per errcode. Messages in quotes on the doc's global error page are
 * copied; others (90018, 90020, 400002...) are UNCONFIRMED wording.
 */
export const ERRMSG: Readonly<Record<number, string>> = {
  [-1]: '系统繁忙',
  88: '鉴权异常',
  404: '请求的URI地址不存在',
  40001: '获取access_token时Secret错误，或者access_token无效',
  40014: '不合法的access_token',
  40035: '不合法的参数',
  40089: '不合法的corpid或corpsecret',
  40104: '无效的手机号码',
  42001: 'access_token已过期',
  43001: '需要使用GET方法请求',
  43002: '需要使用POST方法请求',
  43004: '无效的HTTP HEADER Content-Type',
  50002: '请求的员工userid不在授权范围内',
  60011: '没有调用该接口的权限',
  60020: '访问ip不在白名单之中',
  60121: '找不到该用户',
  90002: '服务器繁忙，请稍后再试',
  90018: '当前应用调用该接口的频率已超过每秒20次的上限，请至少等待1秒后重试',
  90020: '企业本月的API调用量已用完，请升级版本或下月再试',
  300001: 'token is not exist',
  310000: 'sign not match',
  400002: '参数错误',
  410100: 'send too fast, exceed 20 times per minute',
};

/** DingTalk-looking request ids ("3ynh2gp5ndke"). */
export function requestId(): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
  return [...randomBytes(12)].map((b) => alphabet[b % 36]).join('');
}

export function ok(body: Record<string, unknown>): Reply {
  return { kind: 'json', status: 200, body };
}

export function oapiError(
  errcode: number,
  errmsg: string = ERRMSG[errcode] ?? '系统错误',
  extra: Record<string, unknown> = {},
): Reply {
  return { kind: 'json', status: 200, body: { errcode, errmsg, ...extra } };
}

export function apiError(
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): Reply {
  return { kind: 'json', status, body: { code, message, requestid: requestId(), ...extra } };
}

export function missingParam(name: string): Reply {
  return oapiError(40035, `缺少参数 ${name}`);
}

export function badParam(message: string): Reply {
  return oapiError(400002, message);
}

export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export function htmlPage(status: number, title: string, bodyHtml: string): Reply {
  return {
    kind: 'html',
    status,
    html:
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">` +
      `<title>${escapeHtml(title)}</title></head><body>${bodyHtml}</body></html>`,
  };
}
