/**
 * Form checks that mirror shared/settings.ts, so the employee hears about a
 * mistake in the field itself; main validates again and has the last word.
 * Each parser turns the field's text into the setting's value, or says why not.
 */
import type { MessageKey } from '../../../../shared/i18n/types';
import { isValidTimeZone } from '../../../../shared/time';

export type Parsed<V> =
  { ok: true; value: V } | { ok: false; message: MessageKey; vars?: Record<string, number> };

/**
 * The whole-number settings and their ranges, as shared/settings.ts has them (the
 * renderer does not bundle zod; test/renderer/validate.test.ts holds the two together).
 */
export const LIMITS = {
  'reminders.beforeOnDutyMinutes': [0, 120],
  'reminders.afterOffDutyMinutes': [0, 240],
  'reminders.offDutyEscalations': [0, 5],
  'reminders.escalationIntervalMinutes': [5, 240],
  'reminders.snoozeMinutes': [1, 120],
  'punch.duplicateGuardMinutes': [0, 240],
  'quota.monthlyCap': [1, 1_000_000],
} as const satisfies Record<string, readonly [number, number]>;

export type Limited = keyof typeof LIMITS;

/** A whole number within the setting's range. */
export function parseWhole(text: string, setting: Limited): Parsed<number> {
  const [min, max] = LIMITS[setting];
  return parseMinutes(text, min, max);
}

export function parseMinutes(text: string, min: number, max: number): Parsed<number> {
  const trimmed = text.trim();
  const value = Number(trimmed);
  return /^\d{1,7}$/.test(trimmed) && value >= min && value <= max
    ? { ok: true, value }
    : { ok: false, message: 'settings.invalidMinutes', vars: { min, max } };
}

const MODIFIERS = new Set([
  'command',
  'cmd',
  'control',
  'ctrl',
  'commandorcontrol',
  'cmdorctrl',
  'alt',
  'option',
  'altgr',
  'shift',
  'super',
  'meta',
]);

const NAMED_KEYS = new Set([
  'plus',
  'space',
  'tab',
  'capslock',
  'numlock',
  'scrolllock',
  'backspace',
  'delete',
  'insert',
  'return',
  'enter',
  'up',
  'down',
  'left',
  'right',
  'home',
  'end',
  'pageup',
  'pagedown',
  'escape',
  'esc',
  'printscreen',
  'numdec',
  'numadd',
  'numsub',
  'nummult',
  'numdiv',
]);

function isKey(part: string): boolean {
  const k = part.toLowerCase();
  return (
    /^[a-z0-9]$/.test(k) ||
    /^[)!@#$%^&*(:;+=<,_\-.>?/~`{\]|\\}"'[]$/.test(k) ||
    /^f([1-9]|1\d|2[0-4])$/.test(k) ||
    /^num[0-9]$/.test(k) ||
    NAMED_KEYS.has(k)
  );
}

/**
 * An Electron accelerator such as "CommandOrControl+Shift+D": one or more
 * distinct modifiers, then exactly one key. Empty means no shortcut.
 */
export function parseShortcut(text: string): Parsed<string | null> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  const invalid = { ok: false, message: 'settings.invalidShortcut' } as const;
  if (trimmed.length > 64) return invalid;
  const parts = trimmed.split('+');
  // "Ctrl++" means Ctrl and the plus key.
  if (trimmed.endsWith('++')) parts.splice(-2, 2, '+');
  const key = parts.pop();
  const modifiers = parts.map((p) => p.toLowerCase());
  if (!key || !isKey(key) || modifiers.length === 0) return invalid;
  if (!modifiers.every((m) => MODIFIERS.has(m)) || new Set(modifiers).size !== modifiers.length) {
    return invalid;
  }
  return { ok: true, value: trimmed };
}

/** An IANA zone such as Asia/Shanghai; empty falls back to the provisioned zone. */
export function parseTimeZone(text: string): Parsed<string | null> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  return isValidTimeZone(trimmed)
    ? { ok: true, value: trimmed }
    : { ok: false, message: 'settings.invalidTimeZone' };
}

/**
 * The robot's access_token. Employees copy the whole webhook URL from the
 * DingTalk group settings, so the token is taken out of it when pasted.
 */
export function parseRobotToken(text: string): Parsed<string | null> {
  let token = text.trim();
  if (token === '') return { ok: true, value: null };
  const match = /[?&]access_token=([^&#\s]*)/.exec(token);
  if (match) token = match[1] ?? '';
  return /^[A-Za-z0-9]{1,200}$/.test(token)
    ? { ok: true, value: token }
    : { ok: false, message: 'settings.invalidToken' };
}

/** "9:00" / "09:00" → "09:00" (24-hour clock), as the fallback schedule stores it. */
export function parseClock(text: string): Parsed<string> {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return m
    ? { ok: true, value: `${m[1]?.padStart(2, '0')}:${m[2]}` }
    : { ok: false, message: 'settings.invalidClock' };
}

/**
 * The fallback day's on/off duty pair. The same time twice is no working day at all. An
 * off duty earlier than on duty is allowed: the engine reads it as a night shift ending
 * the next day (main/attendance/today.ts), which the form says under the field.
 */
export function parseHours(text: string, other: string): Parsed<string> {
  const parsed = parseClock(text);
  if (parsed.ok && parsed.value === other) return { ok: false, message: 'settings.sameHours' };
  return parsed;
}

/** True when the off duty time ends the next day (a night shift). */
export function endsNextDay(onDuty: string, offDuty: string): boolean {
  return offDuty < onDuty;
}

/** The fallback schedule needs at least one workday, or it would never remind. */
export function parseWorkdays(days: readonly number[]): Parsed<number[]> {
  return days.length === 0
    ? { ok: false, message: 'settings.noWorkdays' }
    : { ok: true, value: [...days].sort((a, b) => a - b) };
}
