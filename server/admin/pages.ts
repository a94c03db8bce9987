/**
 * The console's server-rendered pages: the refusal for a DingTalk account
 * that is not an administrator, and the notice when the UI bundle is not
 * built. Both languages at once (the server cannot know which the person
 * reads), no script, light and dark, everything inserted escaped.
 */
import { adminText, type AdminKey, type AdminMessages } from '../../shared/i18n/admin';
import { adminEn } from '../../shared/i18n/admin.en';
import { adminZhCN } from '../../shared/i18n/admin.zh-CN';
import type { Vars } from '../../shared/i18n/core';
import { escapeHtml } from '../http/error-page';

/** Scripts none at all; the one inline style block is the only style. */
export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const STYLE =
  ':root{color-scheme:light dark}body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;' +
  'max-width:38rem;margin:3rem auto;padding:0 1rem;line-height:1.6}' +
  'section{margin-bottom:2rem}a{color:#1677ff}@media (prefers-color-scheme:dark){a{color:#69b1ff}}';

function page(title: string, sections: string): string {
  return [
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>`,
    sections,
    '</body></html>',
  ].join('');
}

function both(render: (d: AdminMessages, lang: string) => string): string {
  return render(adminZhCN, 'zh-CN') + render(adminEn, 'en');
}

const t = (d: AdminMessages, key: AdminKey, vars?: Vars) => escapeHtml(adminText(d, key, vars));

export function refusalPage(userId: string): string {
  return page(
    `${adminZhCN.refused.title} / ${adminEn.refused.title}`,
    both(
      (d, lang) =>
        `<section lang="${lang}" id="refused-${lang}"><h1>${t(d, 'refused.title')}</h1>` +
        `<p>${t(d, 'refused.body', { userId })}</p><p>${t(d, 'refused.fix')}</p>` +
        `<p><a href="/admin/">${t(d, 'refused.back')}</a></p></section>`,
    ),
  );
}

export function notBuiltPage(): string {
  return page(
    `${adminZhCN.notBuilt.title} / ${adminEn.notBuilt.title}`,
    both(
      (d, lang) =>
        `<section lang="${lang}"><h1>${t(d, 'notBuilt.title')}</h1>` +
        `<p>${t(d, 'notBuilt.body')}</p></section>`,
    ),
  );
}
