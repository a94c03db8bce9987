/**
 * The global shortcut's key recorder, as pure functions: a key press becomes an
 * Electron accelerator ("CommandOrControl+Shift+D"), and an accelerator is shown
 * in the platform's own words (⌥⇧⌘D on macOS, Ctrl+Alt+D elsewhere).
 */
import type { Snapshot } from '../../../../shared/contract';
import { parseShortcut } from './validate';

type Platform = Snapshot['platform'];

/** What a keydown means while recording. */
export type Recorded =
  | { kind: 'cancel' }
  | { kind: 'clear' }
  /** Only modifiers so far: show them and wait for the key. */
  | { kind: 'holding'; modifiers: string[] }
  | { kind: 'needsModifier' }
  /** Shift is the only modifier and the key types: every app would lose that character. */
  | { kind: 'shiftOnly' }
  /** AltGr (or Windows' Ctrl+Alt, which is AltGr there) types a character on this layout. */
  | { kind: 'altGraph' }
  | { kind: 'unsupported' }
  | { kind: 'done'; accelerator: string };

export interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
  /** event.getModifierState('AltGraph'): AltGr is held (European layouts). */
  altGraph?: boolean;
}

const PUNCTUATION: Readonly<Record<string, string>> = {
  Minus: '-',
  Equal: '=',
  BracketLeft: '[',
  BracketRight: ']',
  Backslash: '\\',
  Semicolon: ';',
  Quote: "'",
  Comma: ',',
  Period: '.',
  Slash: '/',
  Backquote: '`',
};

const NAMED: Readonly<Record<string, string>> = {
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  Space: 'Space',
  Enter: 'Enter',
  NumpadEnter: 'Enter',
  Tab: 'Tab',
  Backspace: 'Backspace',
  Delete: 'Delete',
  Insert: 'Insert',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  NumpadAdd: 'numadd',
  NumpadSubtract: 'numsub',
  NumpadMultiply: 'nummult',
  NumpadDivide: 'numdiv',
  NumpadDecimal: 'numdec',
};

const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'OS']);

/**
 * The accelerator key of a physical key (event.code, so Option on macOS or a
 * keyboard layout does not turn D into ∂), or null when Electron has no name for it.
 */
export function acceleratorKey(code: string): string | null {
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter) return letter[1] ?? null;
  const digit = /^(?:Digit|Numpad)(\d)$/.exec(code);
  if (digit) return code.startsWith('Numpad') ? `num${digit[1]}` : (digit[1] ?? null);
  const fn = /^F(\d{1,2})$/.exec(code);
  if (fn && Number(fn[1]) >= 1 && Number(fn[1]) <= 24) return code;
  return PUNCTUATION[code] ?? NAMED[code] ?? null;
}

/**
 * The modifiers held, in Electron's order. The platform's command key (⌘ on macOS,
 * Ctrl elsewhere) is written CommandOrControl, so the setting means the same on any OS.
 */
export function heldModifiers(press: KeyPress, platform: Platform): string[] {
  const mac = platform === 'darwin';
  const out: string[] = [];
  if (mac ? press.metaKey : press.ctrlKey) out.push('CommandOrControl');
  if (mac && press.ctrlKey) out.push('Control');
  if (press.altKey) out.push('Alt');
  if (press.shiftKey) out.push('Shift');
  if (!mac && press.metaKey) out.push('Super');
  return out;
}

/**
 * Whether the press is AltGr typing a character (AltGr+Q is "@" on a German keyboard).
 * Browsers report AltGr as Ctrl+Alt, so it would be recorded as Ctrl+Alt+Q, and that
 * shortcut registered globally would stop the character being typed anywhere. AltGr is
 * said by getModifierState('AltGraph'); on Windows, where AltGr IS Ctrl+Alt (a Ctrl+Alt+Q
 * types "@" there too), also by Ctrl+Alt giving a character that is no plain letter or
 * digit and not the key's own US symbol (US Ctrl+Alt+Q gives "q": allowed). macOS has no
 * AltGr: its Option is the Alt modifier there, so the flag is not read on macOS.
 */
export function typesWithAltGraph(press: KeyPress, platform: Platform): boolean {
  if (press.altGraph && platform !== 'darwin') return true;
  if (platform !== 'win32' || !press.ctrlKey || !press.altKey || press.metaKey) return false;
  if ([...press.key].length !== 1 || /^[a-z0-9 ]$/i.test(press.key)) return false;
  return press.key !== PUNCTUATION[press.code];
}

export function recordKey(press: KeyPress, platform: Platform): Recorded {
  const held = heldModifiers(press, platform);
  if (press.key === 'Escape') return { kind: 'cancel' };
  if (press.key === 'Backspace' && held.length === 0) return { kind: 'clear' };
  if (MODIFIER_KEYS.has(press.key)) return { kind: 'holding', modifiers: held };
  const key = acceleratorKey(press.code);
  if (key === null) return { kind: 'unsupported' };
  if (typesWithAltGraph(press, platform)) return { kind: 'altGraph' };
  if (held.length === 0) return { kind: 'needsModifier' };
  if (held.length === 1 && held[0] === 'Shift' && !/^F\d/.test(key)) return { kind: 'shiftOnly' };
  const accelerator = [...held, key].join('+');
  // The same rules main and a typed value follow.
  return parseShortcut(accelerator).ok ? { kind: 'done', accelerator } : { kind: 'unsupported' };
}

const MAC_MODIFIERS: ReadonlyArray<readonly [string[], string]> = [
  [['control', 'ctrl'], '⌃'],
  [['alt', 'option', 'altgr'], '⌥'],
  [['shift'], '⇧'],
  [['command', 'cmd', 'commandorcontrol', 'cmdorctrl', 'super', 'meta'], '⌘'],
];

const MAC_KEYS: Readonly<Record<string, string>> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  enter: '↩',
  return: '↩',
  backspace: '⌫',
  delete: '⌦',
  tab: '⇥',
  escape: '⎋',
  esc: '⎋',
  pageup: '⇞',
  pagedown: '⇟',
  home: '↖',
  end: '↘',
};

const PC_MODIFIERS = (platform: Platform): ReadonlyArray<readonly [string[], string]> => [
  [['commandorcontrol', 'cmdorctrl', 'control', 'ctrl'], 'Ctrl'],
  [['alt', 'option', 'altgr'], 'Alt'],
  [['shift'], 'Shift'],
  [['super', 'meta', 'command', 'cmd'], platform === 'win32' ? 'Win' : 'Super'],
];

const KEY_WORDS: Readonly<Record<string, string>> = {
  plus: '+',
  space: 'Space',
  return: 'Enter',
  esc: 'Esc',
  escape: 'Esc',
  numadd: 'Num +',
  numsub: 'Num -',
  nummult: 'Num *',
  numdiv: 'Num /',
  numdec: 'Num .',
};

function keyWord(key: string, platform: Platform): string {
  const lower = key.toLowerCase();
  if (platform === 'darwin' && MAC_KEYS[lower]) return MAC_KEYS[lower];
  if (KEY_WORDS[lower]) return KEY_WORDS[lower];
  const num = /^num(\d)$/.exec(lower);
  if (num) return `Num ${num[1]}`;
  return key.length === 1 ? key.toUpperCase() : key.charAt(0).toUpperCase() + key.slice(1);
}

/** Modifiers (and a key, when there is one yet) in the platform's words and order. */
function describe(modifierNames: string[], key: string | null, platform: Platform): string {
  const held = new Set(modifierNames.map((p) => p.toLowerCase()));
  const mac = platform === 'darwin';
  const names = (mac ? MAC_MODIFIERS : PC_MODIFIERS(platform))
    .filter(([aliases]) => aliases.some((a) => held.has(a)))
    .map(([, name]) => name);
  const words = key === null ? names : [...names, keyWord(key, platform)];
  return words.join(mac ? '' : '+');
}

/** An accelerator (recorded, or typed before the recorder existed) in the platform's words. */
export function describeShortcut(accelerator: string, platform: Platform): string {
  const parts = accelerator.split('+');
  if (accelerator.endsWith('++')) parts.splice(-2, 2, '+');
  const key = parts.pop() ?? '';
  return describe(parts, key, platform);
}

/** The modifiers held so far while recording. */
export function describeHeld(modifierNames: string[], platform: Platform): string {
  return describe(modifierNames, null, platform);
}
