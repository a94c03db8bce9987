import { describe, expect, it } from 'vitest';
import {
  parseMinutes,
  parseRobotToken,
  parseShortcut,
  parseTimeZone,
} from '../../renderer/src/views/settings/validate';

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
});
