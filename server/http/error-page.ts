/**
 * The small page a browser shows when the sign-in through the server fails
 * (DingTalk refused, the link was old...): the same translated texts as the
 * desktop, Chinese and English together since the server cannot know which
 * the employee reads. Everything inserted is escaped.
 */
import type { AppErrorPayload } from '../../shared/errors';
import { describeError } from '../../shared/i18n';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export function errorPage(error: AppErrorPayload): string {
  const zh = describeError('zh-CN', error);
  const en = describeError('en', error);
  const block = (lang: string, title: string, t: { message: string; fix: string }) =>
    `<section lang="${lang}"><h2>${escapeHtml(title)}</h2><p>${escapeHtml(t.message)}</p>` +
    `<p>${escapeHtml(t.fix)}</p></section>`;
  return [
    '<!doctype html>',
    '<html lang="zh-CN"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Daka · 登录失败 / Sign-in failed</title>',
    '<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;',
    'color:#222}section{margin-bottom:2rem}code{color:#666}</style></head><body>',
    block('zh-CN', '登录失败', zh),
    block('en', 'Sign-in failed', en),
    `<p><code>${escapeHtml(error.code)}</code></p>`,
    '</body></html>',
  ].join('');
}
