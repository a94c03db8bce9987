/**
 * The shape every language must have: exactly zh-CN's keys, each a string.
 * Annotating a dictionary with one of these makes a missing or extra key a
 * type error (the i18n tests check the same at run time, placeholders too).
 */
import type { KeysOf, Strings } from './core';
import type { zhCN } from './zh-CN';
import type { zhCNErrors } from './zh-CN.errors';
import type { zhCNMain } from './zh-CN.main';
import type { zhCNViews } from './zh-CN.views';

/** The popup's home view and shared bits: loaded at start. */
export type Messages = Strings<typeof zhCN>;
/** Every error's message and fix: loaded when an error is first shown, or with the sub-views. */
export type ErrorMessages = Strings<typeof zhCNErrors>;
/** The popup's sub-views (setup, doctor, settings): loaded when one opens. */
export type ViewMessages = Strings<typeof zhCNViews>;
/** What only main shows: tray, notifications, CLI. */
export type MainMessages = Strings<typeof zhCNMain>;

/** A part of a language the renderer loads on its own. */
export type MessagePart = 'home' | 'views' | 'errors';

/** Keys the renderer may use. */
export type MessageKey = KeysOf<Messages & ViewMessages & ErrorMessages>;
/** Keys main may use: all of them. */
export type AnyMessageKey = KeysOf<Messages & ViewMessages & ErrorMessages & MainMessages>;
