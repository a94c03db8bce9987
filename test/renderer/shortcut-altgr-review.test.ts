/**
 * Review of #11's key recorder: AltGr is no shortcut modifier. Browsers report AltGr as
 * Ctrl+Alt, so AltGr+Q (a German keyboard's "@") was recorded as Ctrl+Alt+Q, and that
 * registered globally would stop the employee typing "@" in every app. On Windows AltGr
 * is Ctrl+Alt itself: a Ctrl+Alt that gives such a character is refused there too.
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

describe('the shortcut recorder and AltGr', () => {
  it('refuses a key pressed with AltGr (getModifierState AltGraph) on Windows and Linux', () => {
    for (const platform of ['win32', 'linux'] as const) {
      for (const p of [
        press('KeyQ', '@', { ctrlKey: true, altKey: true, altGraph: true }),
        press('KeyE', '€', { ctrlKey: true, altKey: true, altGraph: true }),
        press('Digit7', '{', { altGraph: true }),
      ]) {
        expect(recordKey(p, platform), `${platform} ${p.code}`).toEqual({ kind: 'altGraph' });
      }
    }
  });

  it("refuses Windows' Ctrl+Alt when it types a character (AltGr is Ctrl+Alt there)", () => {
    for (const p of [
      press('KeyQ', '@', { ctrlKey: true, altKey: true }),
      press('KeyL', 'ł', { ctrlKey: true, altKey: true }),
      press('Minus', '\\', { ctrlKey: true, altKey: true }),
      press('KeyQ', '@', { ctrlKey: true, altKey: true, shiftKey: true }),
    ]) {
      expect(recordKey(p, 'win32'), p.key).toEqual({ kind: 'altGraph' });
    }
  });

  it('keeps Ctrl+Alt that types nothing (a US keyboard), and Option on macOS', () => {
    expect(recordKey(press('KeyQ', 'q', { ctrlKey: true, altKey: true }), 'win32')).toEqual({
      kind: 'done',
      accelerator: 'CommandOrControl+Alt+Q',
    });
    expect(recordKey(press('Minus', '-', { ctrlKey: true, altKey: true }), 'win32')).toEqual({
      kind: 'done',
      accelerator: 'CommandOrControl+Alt+-',
    });
    expect(
      recordKey(press('KeyD', '∂', { metaKey: true, altKey: true, altGraph: true }), 'darwin'),
    ).toEqual({ kind: 'done', accelerator: 'CommandOrControl+Alt+D' });
    // Linux without AltGr: Ctrl+Alt+Q is a plain shortcut.
    expect(recordKey(press('KeyQ', '@', { ctrlKey: true, altKey: true }), 'linux')).toEqual({
      kind: 'done',
      accelerator: 'CommandOrControl+Alt+Q',
    });
  });
});
