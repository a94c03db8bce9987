/**
 * The consent page of login mode 'page' and the error page of a bad login
 * request, small enough for a Playwright test or a person to click through.
 */
import { escapeHtml, htmlPage } from './replies';
import type { Reply } from './replies';

export function consentPage(opts: {
  appKey: string;
  userName: string;
  approveHref: string;
  denyHref: string;
}): Reply {
  const e = escapeHtml;
  return htmlPage(
    200,
    '钉钉登录授权',
    `<main style="font-family:sans-serif;max-width:28em;margin:4em auto;text-align:center">` +
      `<h1>钉钉登录</h1>` +
      `<p>应用 <b>${e(opts.appKey)}</b> 请求获取你的个人信息（昵称、unionId）。</p>` +
      `<p>当前账号：<b id="user">${e(opts.userName)}</b></p>` +
      `<p><a id="approve" href="${e(opts.approveHref)}">同意授权</a> · ` +
      `<a id="deny" href="${e(opts.denyHref)}">取消</a></p>` +
      `</main>`,
  );
}

export function loginErrorPage(message: string): Reply {
  return htmlPage(
    400,
    '登录失败',
    `<main style="font-family:sans-serif;max-width:28em;margin:4em auto">` +
      `<h1>登录失败</h1><p id="error">${escapeHtml(message)}</p></main>`,
  );
}
