/**
 * The renderer's translations. A language comes in three lazily loaded chunks:
 * 'home' (Today) at start, 'errors' (every error's message and fix) the first
 * time an error is shown, 'views' (setup, doctor, settings…) when one of those
 * opens, which brings 'errors' along; they are merged and bound into a `t`
 * shared through context. Same templates and {{vars}} as main's `translate`.
 */
import { createContext, useContext, useEffect, useMemo, useState } from 'react';
import { interpolate, localeOf, lookup, type UiLanguage, type Vars } from '../../shared/i18n/core';
import type {
  ErrorMessages,
  MessageKey,
  MessagePart,
  Messages,
  ViewMessages,
} from '../../shared/i18n/types';

export type T = (key: MessageKey, vars?: Vars) => string;

export interface I18n {
  language: UiLanguage;
  /** The Intl locale for dates and times. */
  locale: string;
  t: T;
  /** The sub-views' strings are loaded too (and with them the errors'). */
  views: boolean;
  /** The errors' strings are loaded; until then `error.*` keys have no text. */
  errors: boolean;
  /** Asks for the errors' strings; once asked, every language loads them with its home strings. */
  needErrors(): void;
}

export type LoadMessages = (
  language: UiLanguage,
  part: MessagePart,
) => Promise<Messages | ViewMessages | ErrorMessages>;

export const loadMessages: LoadMessages = (language, part) => {
  if (language === 'zh-CN') {
    return part === 'home'
      ? import('../../shared/i18n/zh-CN').then((m) => m.zhCN)
      : part === 'errors'
        ? import('../../shared/i18n/zh-CN.errors').then((m) => m.zhCNErrors)
        : import('../../shared/i18n/zh-CN.views').then((m) => m.zhCNViews);
  }
  return part === 'home'
    ? import('../../shared/i18n/en').then((m) => m.en)
    : part === 'errors'
      ? import('../../shared/i18n/en.errors').then((m) => m.enErrors)
      : import('../../shared/i18n/en.views').then((m) => m.enViews);
};

interface Loaded {
  language: UiLanguage;
  home: object;
  views: object | null;
  errors: object | null;
}

/**
 * The I18n for `language` once its home strings (and, when asked, its view and
 * error strings) have loaded. While another language loads, the previous one
 * stays on screen (no blank flash, no error without its text); parts, once
 * loaded, are kept.
 */
export function useLoadedI18n(
  load: LoadMessages,
  language: UiLanguage,
  withViews: boolean,
): I18n | null {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [wantErrors, setWantErrors] = useState(false);
  const same = loaded?.language === language;
  const needViews = withViews && !(same && loaded.views);
  const needErrors = (withViews || wantErrors) && !(same && loaded.errors);
  useEffect(() => {
    let live = true;
    const part = (need: boolean, name: MessagePart) => (need ? load(language, name) : null);
    void Promise.all([
      load(language, 'home'),
      part(needViews, 'views'),
      part(needErrors, 'errors'),
    ]).then(([home, views, errors]) => {
      if (!live) return;
      setLoaded((previous) => {
        const kept = previous?.language === language ? previous : null;
        return {
          language,
          home,
          views: views ?? kept?.views ?? null,
          errors: errors ?? kept?.errors ?? null,
        };
      });
    });
    return () => {
      live = false;
    };
  }, [load, language, needViews, needErrors]);
  return useMemo(() => {
    if (!loaded) return null;
    const strings = { ...loaded.home, ...loaded.errors, ...loaded.views };
    return {
      language: loaded.language,
      locale: localeOf(loaded.language),
      t: (key, vars) => interpolate(lookup(strings, key) ?? key, vars),
      views: loaded.views !== null,
      errors: loaded.errors !== null,
      // A no-op once asked (same state); stable enough for an effect's dependency.
      needErrors: () => setWantErrors(true),
    };
  }, [loaded]);
}

const I18nContext = createContext<I18n | null>(null);
export const I18nProvider = I18nContext.Provider;

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
