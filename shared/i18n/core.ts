/**
 * The translation machinery without any dictionary, so the renderer can load
 * just the language it shows (dictionaries are imported lazily there) while
 * main, the tray and the CLI use `translate` from ./index with both bundled.
 */
import type { AppErrorPayload, ErrorCode } from '../errors';

export const UI_LANGUAGES = ['zh-CN', 'en'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

/** A nested table of strings; `Strings<T>` widens a literal dictionary to it. */
export type Strings<T> = { readonly [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

/** Every dotted path to a string leaf, e.g. "today.refresh". */
export type KeysOf<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : KeysOf<T[K], `${P}${K}.`>;
}[keyof T & string];

export type Vars = Readonly<Record<string, string | number>>;

interface Tree {
  readonly [key: string]: string | Tree;
}

/** The string at a dotted path, or undefined when the path does not end at a string. */
export function lookup(dictionary: object, key: string): string | undefined {
  let node: string | Tree | undefined = dictionary as Tree;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/**
 * Replaces {{name}} with vars.name. A missing variable stays visible as
 * {{name}} so that a forgotten argument shows up in tests instead of vanishing.
 */
export function interpolate(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => {
    const value = vars[name];
    return value === undefined ? whole : String(value);
  });
}

/** The {{name}} placeholders a template uses, sorted (the tests compare languages with it). */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] as string).sort();
}

/** Settings say 'system', 'zh-CN' or 'en'; 'system' follows the OS locale (any zh* is Chinese). */
export function resolveLanguage(setting: string, systemLocale: string): UiLanguage {
  if (setting === 'zh-CN' || setting === 'en') return setting;
  return /^zh\b/i.test(systemLocale) ? 'zh-CN' : 'en';
}

/** The BCP 47 locale Intl formats with for a UI language (24-hour clock is set per call). */
export function localeOf(language: UiLanguage): string {
  return language === 'zh-CN' ? 'zh-CN' : 'en-GB';
}

/** A minimal translate function shape, so error helpers work with any dictionary binding. */
export type TranslateFn = (key: string, vars?: Vars) => string;

export interface ErrorText {
  message: string;
  fix: string;
}

/**
 * The variables error templates may use. Templates name {{ip}} and
 * {{permission}}; when the engine could not tell, a translated "unknown"
 * stands in so the sentence still reads.
 */
export function errorVars(error: AppErrorPayload, t: TranslateFn): Vars {
  const unknown = t('common.unknown');
  return {
    ip: error.detail?.ip ?? unknown,
    permission: error.detail?.permission ?? unknown,
    time: error.detail?.time ?? unknown,
  };
}

/** The translated message and fix hint of an error code, with its detail filled in. */
export function describeErrorWith(t: TranslateFn, error: AppErrorPayload): ErrorText {
  const vars = errorVars(error, t);
  const code: ErrorCode = error.code;
  return { message: t(`error.${code}.message`, vars), fix: t(`error.${code}.fix`, vars) };
}
