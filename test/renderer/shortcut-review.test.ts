/**
 * Review of #11's key recorder: Shift is no shortcut on its own. A global Shift+D (or
 * Shift+1, Shift+Space) would take that character from every app on the computer: typing
 * a capital D would open Daka. Shift with a function key stays allowed.
 */
import { describe, expect, it } from 'vitest';
import { type KeyPress, recordKey } from '../../renderer/src/views/settings/shortcut';

const press = (code: string, key: string, held: Partial<KeyPress> = {}): KeyPress => ({
  code,
  key,
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...held,
});

describe('the shortcut recorder and Shift', () => {
  it('refuses Shift alone with a key that types', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      for (const p of [
        press('KeyD', 'D', { shiftKey: true }),
        press('Digit1', '!', { shiftKey: true }),
        press('Space', ' ', { shiftKey: true }),
        press('Slash', '?', { shiftKey: true }),
      ]) {
        expect(recordKey(p, platform), `${platform} ${p.code}`).toEqual({ kind: 'shiftOnly' });
      }
    }
  });

  it('takes Shift with a function key, and Shift with another modifier', () => {
    expect(recordKey(press('F9', 'F9', { shiftKey: true }), 'win32')).toEqual({
      kind: 'done',
      accelerator: 'Shift+F9',
    });
    expect(recordKey(press('KeyD', 'D', { shiftKey: true, altKey: true }), 'linux')).toEqual({
      kind: 'done',
      accelerator: 'Alt+Shift+D',
    });
  });
});
