import { describe, expect, it } from 'vitest';
import { createShortcutBinding } from '../../main/shell/shortcut';
import { createFakeElectron } from '../fakes/electron';
import { recordingLogger } from './fixtures';

function setup() {
  const { globalShortcut } = createFakeElectron();
  let opened = 0;
  const logger = recordingLogger();
  const binding = createShortcutBinding({ globalShortcut, onTrigger: () => (opened += 1), logger });
  return { globalShortcut, binding, logger, opened: () => opened };
}

describe('the global shortcut', () => {
  it('is off until one is applied', () => {
    const { binding, globalShortcut } = setup();
    expect(binding.current()).toBeNull();
    expect(globalShortcut.registered.size).toBe(0);
  });

  it('opens the popup once registered, and re-registers on change', () => {
    const { binding, globalShortcut, opened } = setup();
    binding.apply('CommandOrControl+Shift+D');
    globalShortcut.press('CommandOrControl+Shift+D');
    expect(opened()).toBe(1);
    binding.apply('Alt+D');
    expect([...globalShortcut.registered.keys()]).toEqual(['Alt+D']);
    binding.apply(null);
    expect(globalShortcut.registered.size).toBe(0);
    expect(binding.current()).toBeNull();
  });

  it('reports a taken accelerator as invalidInput and keeps the previous one', () => {
    const { binding, globalShortcut, logger } = setup();
    binding.apply('Alt+D');
    globalShortcut.takenElsewhere.add('Control+Space');
    expect(() => binding.apply('Control+Space')).toThrow(
      expect.objectContaining({ code: 'invalidInput', detail: { field: 'ui.globalShortcut' } }),
    );
    expect(binding.current()).toBe('Alt+D');
    expect([...globalShortcut.registered.keys()]).toEqual(['Alt+D']);
    expect(logger.entries.map((e) => e.level)).toEqual(['warn']);
  });

  it('reports a malformed accelerator the same way', () => {
    const { binding } = setup();
    expect(() => binding.apply('Ctrl++')).toThrow(
      expect.objectContaining({ code: 'invalidInput' }),
    );
    expect(binding.current()).toBeNull();
  });

  it('dispose releases it', () => {
    const { binding, globalShortcut } = setup();
    binding.apply('Alt+D');
    binding.dispose();
    expect(globalShortcut.registered.size).toBe(0);
  });
});
