/**
 * The console's translations: the admin dictionary of one language plus the
 * popup's home and error dictionaries of the same language (for error messages
 * and their fixes), each language lazily loaded chunks. Same templates and {{vars}} as
 * the popup and the server's pages.
 */
import { createContext, useContext } from 'react';
import type { AppErrorPayload } from '../../../shared/errors';
import type { AdminKey, AdminMessages } from '../../../shared/i18n/admin';
import {
  describeErrorWith,
  interpolate,
  localeOf,
  lookup,
  type ErrorText,
  type UiLanguage,
  type Vars,
} from '../../../shared/i18n/core';
import type { ErrorMessages, Messages } from '../../../shared/i18n/types';

export interface AdminI18n {
  language: UiLanguage;
  locale: string;
  t: (key: AdminKey, vars?: Vars) => string;
  describe: (error: AppErrorPayload) => ErrorText;
}

export async function loadI18n(language: UiLanguage): Promise<AdminI18n> {
  const [admin, home, errors]: [AdminMessages, Messages, ErrorMessages] =
    language === 'zh-CN'
      ? await Promise.all([
          import('../../../shared/i18n/admin.zh-CN').then((m) => m.adminZhCN),
          import('../../../shared/i18n/zh-CN').then((m) => m.zhCN),
          import('../../../shared/i18n/zh-CN.errors').then((m) => m.zhCNErrors),
        ])
      : await Promise.all([
          import('../../../shared/i18n/admin.en').then((m) => m.adminEn),
          import('../../../shared/i18n/en').then((m) => m.en),
          import('../../../shared/i18n/en.errors').then((m) => m.enErrors),
        ]);
  const strings = { ...home, ...errors };
  const homeT = (key: string, vars?: Vars) => interpolate(lookup(strings, key) ?? key, vars);
  return {
    language,
    locale: localeOf(language),
    t: (key, vars) => interpolate(lookup(admin, key) ?? key, vars),
    describe: (error) => describeErrorWith(homeT, error),
  };
}

/** The language to start in: the one chosen here before, else the browser's. */
export function initialLanguage(): UiLanguage {
  const saved = localStorage.getItem('daka-admin-language');
  if (saved === 'zh-CN' || saved === 'en') return saved;
  return /^zh\b/i.test(navigator.language) ? 'zh-CN' : 'en';
}

export function saveLanguage(language: UiLanguage): void {
  localStorage.setItem('daka-admin-language', language);
}

const Context = createContext<AdminI18n | null>(null);
export const I18nProvider = Context.Provider;

export function useI18n(): AdminI18n {
  const i18n = useContext(Context);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
