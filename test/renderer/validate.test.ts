import { describe, expect, it } from 'vitest';
import { settingsSchema, type Settings } from '../../shared/settings';
import {
  acceleratorKey,
  describeShortcut,
  recordKey,
  type KeyPress,
} from '../../renderer/src/views/settings/shortcut';
import {
  endsNextDay,
  LIMITS,
  parseHours,
  parseMinutes,
  parseRobotToken,
  parseShortcut,
  parseTimeZone,
  parseWhole,
  parseWorkdays,
} from '../../renderer/src/views/settings/validate';

/** The settings with one number changed, as the schema sees it. */
function withNumber(path: string, value: number): unknown {
  const [section, field] = path.split('.') as [keyof Settings, string];
  return { [section]: { [field]: value } };
}

const press = (code: string, key: string, held: Partial<KeyPress> = {}): KeyPress => ({
  code,
  key,
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...held,
});

describe('settings form checks', () => {
  it('accepts whole minutes within the range only', () => {
    expect(parseMinutes(' 15 ', 0, 120)).toEqual({ ok: true, value: 15 });
    expect(parseMinutes('0', 0, 120)).toEqual({ ok: true, value: 0 });
    for (const bad of ['', '-1', '1.5', '121', '1e2', 'ten']) {
      expect(parseMinutes(bad, 0, 120)).toEqual({
        ok: false,
        message: 'settings.invalidMinutes',
        vars: { min: 0, max: 120 },
      });
    }
  });

  it('accepts Electron accelerators with modifiers and one key; empty means off', () => {
    for (const good of [
      'CommandOrControl+Shift+D',
      'Alt+F4',
      'Ctrl+Plus',
      'Ctrl++',
      'Super+Space',
      'cmdorctrl+alt+num5',
      'Shift+F24',
    ]) {
      expect(parseShortcut(good), good).toEqual({ ok: true, value: good });
    }
    expect(parseShortcut('  ')).toEqual({ ok: true, value: null });
    for (const bad of [
      'D',
      'Shift+',
      'Ctrl+Shift',
      'Ctrl+Ctrl+A',
      'Hyper+A',
      'Ctrl+F25',
      'Ctrl+AB',
    ]) {
      expect(parseShortcut(bad).ok, bad).toBe(false);
    }
  });

  it('accepts IANA time zones; empty means the provisioned one', () => {
    expect(parseTimeZone(' Asia/Shanghai ')).toEqual({ ok: true, value: 'Asia/Shanghai' });
    expect(parseTimeZone('')).toEqual({ ok: true, value: null });
    expect(parseTimeZone('Asia/Atlantis').ok).toBe(false);
  });

  it('takes the robot token alone or out of the webhook URL', () => {
    expect(parseRobotToken('abc123')).toEqual({ ok: true, value: 'abc123' });
    expect(
      parseRobotToken('https://oapi.dingtalk.com/robot/send?access_token=f00BA4&timestamp=1'),
    ).toEqual({ ok: true, value: 'f00BA4' });
    expect(parseRobotToken('')).toEqual({ ok: true, value: null });
    expect(parseRobotToken('https://oapi.dingtalk.com/robot/send?access_token=').ok).toBe(false);
    expect(parseRobotToken('abc-123').ok).toBe(false);
  });

  it('uses the ranges shared/settings.ts has, for every whole-number setting', () => {
    for (const [path, [min, max]] of Object.entries(LIMITS)) {
      expect(settingsSchema.safeParse(withNumber(path, min)).success, `${path} ${min}`).toBe(true);
      expect(settingsSchema.safeParse(withNumber(path, max)).success, `${path} ${max}`).toBe(true);
      expect(settingsSchema.safeParse(withNumber(path, min - 1)).success, `${path} < min`).toBe(
        false,
      );
      expect(settingsSchema.safeParse(withNumber(path, max + 1)).success, `${path} > max`).toBe(
        false,
      );
      expect(parseWhole(String(min - 1), path as keyof typeof LIMITS).ok).toBe(false);
      expect(parseWhole(String(max), path as keyof typeof LIMITS)).toEqual({
        ok: true,
        value: max,
      });
    }
  });

  it('refuses the same on and off duty time; an earlier end is a night shift', () => {
    expect(parseHours('9:00', '18:00')).toEqual({ ok: true, value: '09:00' });
    expect(parseHours('18:00', '18:00')).toEqual({ ok: false, message: 'settings.sameHours' });
    expect(parseHours('25:00', '18:00')).toEqual({ ok: false, message: 'settings.invalidClock' });
    expect(endsNextDay('22:00', '06:00')).toBe(true);
    expect(endsNextDay('09:00', '18:00')).toBe(false);
  });

  it('keeps at least one workday', () => {
    expect(parseWorkdays([])).toEqual({ ok: false, message: 'settings.noWorkdays' });
    expect(parseWorkdays([5, 1])).toEqual({ ok: true, value: [1, 5] });
  });
});

describe('the shortcut recorder', () => {
  it('turns key presses into Electron accelerators that the typed-value check accepts', () => {
    const cases: Array<[KeyPress, 'darwin' | 'win32' | 'linux', string]> = [
      [
        press('KeyD', '∂', { metaKey: true, altKey: true, shiftKey: true }),
        'darwin',
        'CommandOrControl+Alt+Shift+D',
      ],
      [press('KeyD', 'd', { ctrlKey: true }), 'darwin', 'Control+D'],
      [press('KeyK', 'K', { ctrlKey: true, shiftKey: true }), 'linux', 'CommandOrControl+Shift+K'],
      [press('Digit1', '!', { metaKey: true, shiftKey: true }), 'win32', 'Shift+Super+1'],
      [press('F12', 'F12', { altKey: true }), 'linux', 'Alt+F12'],
      [press('ArrowUp', 'ArrowUp', { ctrlKey: true }), 'win32', 'CommandOrControl+Up'],
      [press('Numpad5', '5', { ctrlKey: true }), 'linux', 'CommandOrControl+num5'],
      [press('Slash', '/', { ctrlKey: true }), 'linux', 'CommandOrControl+/'],
      [press('Space', ' ', { altKey: true }), 'linux', 'Alt+Space'],
    ];
    for (const [p, platform, accelerator] of cases) {
      expect(recordKey(p, platform), accelerator).toEqual({ kind: 'done', accelerator });
      expect(parseShortcut(accelerator).ok, accelerator).toBe(true);
    }
  });

  it('cancels on Escape, clears on a plain Backspace, waits while only modifiers are held', () => {
    expect(recordKey(press('Escape', 'Escape', { ctrlKey: true }), 'linux')).toEqual({
      kind: 'cancel',
    });
    expect(recordKey(press('Backspace', 'Backspace'), 'linux')).toEqual({ kind: 'clear' });
    expect(recordKey(press('Backspace', 'Backspace', { altKey: true }), 'linux')).toEqual({
      kind: 'done',
      accelerator: 'Alt+Backspace',
    });
    expect(
      recordKey(press('ShiftLeft', 'Shift', { shiftKey: true, metaKey: true }), 'darwin'),
    ).toEqual({
      kind: 'holding',
      modifiers: ['CommandOrControl', 'Shift'],
    });
    expect(recordKey(press('KeyD', 'd'), 'linux')).toEqual({ kind: 'needsModifier' });
    expect(recordKey(press('IntlRo', 'ろ', { ctrlKey: true }), 'linux')).toEqual({
      kind: 'unsupported',
    });
    expect(acceleratorKey('F25')).toBeNull();
  });

  it('shows an accelerator in each platform’s words', () => {
    expect(describeShortcut('CommandOrControl+Alt+Shift+D', 'darwin')).toBe('⌥⇧⌘D');
    expect(describeShortcut('CommandOrControl+Alt+Shift+D', 'win32')).toBe('Ctrl+Alt+Shift+D');
    expect(describeShortcut('Control+Up', 'darwin')).toBe('⌃↑');
    expect(describeShortcut('Shift+Super+1', 'win32')).toBe('Shift+Win+1');
    expect(describeShortcut('Shift+Super+1', 'linux')).toBe('Shift+Super+1');
    expect(describeShortcut('Ctrl++', 'linux')).toBe('Ctrl++');
    expect(describeShortcut('cmdorctrl+alt+num5', 'linux')).toBe('Ctrl+Alt+Num 5');
    expect(describeShortcut('Option+Cmd+k', 'darwin')).toBe('⌥⌘K');
  });
});
