/**
 * The admin console's dictionaries: the shape (zh-CN's keys), both languages
 * for the server's own pages, and a translator over them. The console's bundle
 * imports each language lazily instead (server/admin/ui/i18n.tsx).
 */
import { interpolate, lookup, type KeysOf, type Strings, type UiLanguage, type Vars } from './core';
import type { adminZhCN } from './admin.zh-CN';

export type AdminMessages = Strings<typeof adminZhCN>;
export type AdminKey = KeysOf<AdminMessages>;

/** `key` in `dictionary` with {{vars}} filled in (the key itself when missing, so it shows). */
export function adminText(dictionary: AdminMessages, key: AdminKey, vars?: Vars): string {
  return interpolate(lookup(dictionary, key) ?? key, vars);
}

export type { UiLanguage };
