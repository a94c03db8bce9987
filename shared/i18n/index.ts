/**
 * Translations for main, the tray, notifications and the CLI: both languages
 * and every part (home, errors, views, main) bundled, no i18next. The renderer uses ./core and loads
 * one language's popup strings lazily.
 */
import type { AppErrorPayload } from '../errors';
import {
  describeErrorWith,
  interpolate,
  lookup,
  type ErrorText,
  type UiLanguage,
  type Vars,
} from './core';
import { en } from './en';
import { enErrors } from './en.errors';
import { enMain } from './en.main';
import { enViews } from './en.views';
import type { AnyMessageKey, ErrorMessages, MainMessages, Messages, ViewMessages } from './types';
import { zhCN } from './zh-CN';
import { zhCNErrors } from './zh-CN.errors';
import { zhCNMain } from './zh-CN.main';
import { zhCNViews } from './zh-CN.views';

export {
  describeErrorWith,
  interpolate,
  localeOf,
  resolveLanguage,
  UI_LANGUAGES,
  type ErrorText,
  type UiLanguage,
  type Vars,
} from './core';
export type {
  AnyMessageKey,
  ErrorMessages,
  MainMessages,
  MessageKey,
  Messages,
  ViewMessages,
} from './types';

type Everything = Messages & ErrorMessages & ViewMessages & MainMessages;

export const DICTIONARIES: Readonly<Record<UiLanguage, Everything>> = {
  'zh-CN': { ...zhCN, ...zhCNErrors, ...zhCNViews, ...zhCNMain },
  en: { ...en, ...enErrors, ...enViews, ...enMain },
};

/** The string for `key` in `language` (zh-CN when missing there), with {{vars}} filled in. */
export function translate(language: UiLanguage, key: AnyMessageKey, vars?: Vars): string {
  const template = lookup(DICTIONARIES[language], key) ?? lookup(DICTIONARIES['zh-CN'], key) ?? key;
  return interpolate(template, vars);
}

/** An error's translated message and fix hint, e.g. for a notification or `daka doctor`. */
export function describeError(language: UiLanguage, error: AppErrorPayload): ErrorText {
  return describeErrorWith((key, vars) => translate(language, key as AnyMessageKey, vars), error);
}
