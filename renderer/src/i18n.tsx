/**
 * The renderer's translations. A language comes in two lazily loaded chunks:
 * 'home' (Today, errors) at start, 'views' (setup, doctor, settings) when one
 * of those opens; they are merged and bound into a `t` shared through context.
 * Same templates and {{vars}} as main's `translate`.
 */
import { createContext, useContext, useEffect, useMemo, useState } from 'react';
import { interpolate, localeOf, lookup, type UiLanguage, type Vars } from '../../shared/i18n/core';
import type { MessageKey, MessagePart, Messages, ViewMessages } from '../../shared/i18n/types';

export type T = (key: MessageKey, vars?: Vars) => string;

export interface I18n {
  language: UiLanguage;
  /** The Intl locale for dates and times. */
  locale: string;
  t: T;
  /** The sub-views' strings are loaded too. */
  views: boolean;
}

export type LoadMessages = (
  language: UiLanguage,
  part: MessagePart,
) => Promise<Messages | ViewMessages>;

export const loadMessages: LoadMessages = (language, part) => {
  if (language === 'zh-CN') {
    return part === 'home'
      ? import('../../shared/i18n/zh-CN').then((m) => m.zhCN)
      : import('../../shared/i18n/zh-CN.views').then((m) => m.zhCNViews);
  }
  return part === 'home'
    ? import('../../shared/i18n/en').then((m) => m.en)
    : import('../../shared/i18n/en.views').then((m) => m.enViews);
};

interface Loaded {
  language: UiLanguage;
  home: object;
  views: object | null;
}

/**
 * The I18n for `language` once its home strings (and, when asked, its view
 * strings) have loaded. While another language loads, the previous one stays
 * on screen (no blank flash); view strings, once loaded, are kept.
 */
export function useLoadedI18n(
  load: LoadMessages,
  language: UiLanguage,
  withViews: boolean,
): I18n | null {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const haveViews = loaded?.language === language && loaded.views !== null;
  const needViews = withViews && !haveViews;
  useEffect(() => {
    let live = true;
    void Promise.all([
      load(language, 'home'),
      needViews ? load(language, 'views') : Promise.resolve(null),
    ]).then(([home, views]) => {
      if (!live) return;
      setLoaded((previous) => ({
        language,
        home,
        views: views ?? (previous?.language === language ? previous.views : null),
      }));
    });
    return () => {
      live = false;
    };
  }, [load, language, needViews]);
  return useMemo(() => {
    if (!loaded) return null;
    const strings = { ...loaded.home, ...loaded.views };
    return {
      language: loaded.language,
      locale: localeOf(loaded.language),
      t: (key, vars) => interpolate(lookup(strings, key) ?? key, vars),
      views: loaded.views !== null,
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
