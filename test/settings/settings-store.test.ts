import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { defaultSettings } from '../../shared/settings';
import type { SettingsPatch } from '../../shared/settings';
import { createConsoleLogger, FileStore, MemoryStore } from '../../main/node-ports';
import { repairSettings, SettingsStore } from '../../main/settings/settings-store';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daka-settings-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const openStore = () => new FileStore({ dir, name: 'settings' });

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalidInput');
    return (error as AppError).detail.field;
  }
  throw new Error('expected an invalidInput error');
}

describe('settings store', () => {
  it('starts from the defaults', () => {
    expect(new SettingsStore({ store: openStore() }).get()).toEqual(defaultSettings());
  });

  it('merges one level deep, validates, and persists', () => {
    const settings = new SettingsStore({ store: openStore() });
    const updated = settings.update({
      reminders: { snoozeMinutes: 20 },
      ui: { theme: 'dark' },
      timeZone: 'Europe/Berlin',
    });
    expect(updated.reminders).toEqual({ ...defaultSettings().reminders, snoozeMinutes: 20 });
    expect(updated.ui.theme).toBe('dark');
    expect(updated.ui.language).toBe('system');
    expect(new SettingsStore({ store: openStore() }).get()).toEqual(updated);
    settings.update({ timeZone: null, fallbackSchedule: { workdays: [1, 2, 3] } });
    expect(new SettingsStore({ store: openStore() }).get()).toMatchObject({
      timeZone: null,
      fallbackSchedule: { workdays: [1, 2, 3], onDuty: '09:00' },
      reminders: { snoozeMinutes: 20 },
    });
  });

  it.each([
    [{ reminders: { snoozeMinutes: 0 } }, 'reminders.snoozeMinutes'],
    [{ reminders: { atLogin: true, snoozeMinutes: 'ten' } }, 'reminders.snoozeMinutes'],
    [{ reminders: { snoozeMinute: 5 } }, 'reminders.snoozeMinute'],
    [{ fallbackSchedule: { onDuty: '9:00' } }, 'fallbackSchedule.onDuty'],
    [{ fallbackSchedule: { workdays: [1, 7] } }, 'fallbackSchedule.workdays.1'],
    [{ ui: 'dark' }, 'ui'],
    [{ colour: 'red' }, 'colour'],
    [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
    [{ quota: { monthlyCap: 0 } }, 'quota.monthlyCap'],
  ])('rejects %j naming %s, and keeps the old settings', (patch, field) => {
    const settings = new SettingsStore({ store: openStore() });
    settings.update({ reminders: { snoozeMinutes: 15 } });
    expect(fieldOf(() => settings.update(patch as SettingsPatch))).toBe(field);
    expect(settings.get().reminders.snoozeMinutes).toBe(15);
    expect(new SettingsStore({ store: openStore() }).get().reminders.snoozeMinutes).toBe(15);
  });

  it('rejects a patch that is not an object', () => {
    const settings = new SettingsStore({ store: new MemoryStore() });
    expect(fieldOf(() => settings.update(null as unknown as SettingsPatch))).toBe('(settings)');
  });

  it('saves a whole settings object', () => {
    const settings = new SettingsStore({ store: openStore() });
    const next = defaultSettings();
    next.quota.monthlyCap = 500;
    settings.save(next);
    expect(new SettingsStore({ store: openStore() }).get().quota.monthlyCap).toBe(500);
  });

  it('repairs invalid stored data field by field, keeping the rest', () => {
    const store = openStore();
    store.set('settings', {
      reminders: { snoozeMinutes: -3, beforeOnDutyMinutes: 15, atLogin: 'yes' },
      ui: 'broken',
      quota: { monthlyCap: 300 },
      timeZone: 'Nowhere/Nothing',
      receipts: { enabled: true, robotToken: 'abc' },
    });
    const lines: string[] = [];
    const settings = new SettingsStore({
      store: openStore(),
      logger: createConsoleLogger({ write: (l) => lines.push(l) }),
    });
    const s = settings.get();
    const d = defaultSettings();
    expect(s.reminders).toEqual({ ...d.reminders, beforeOnDutyMinutes: 15 });
    expect(s.ui).toEqual(d.ui);
    expect(s.quota.monthlyCap).toBe(300);
    expect(s.timeZone).toBeNull();
    expect(s.receipts).toEqual({ enabled: true });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('reminders.snoozeMinutes');
    expect(lines[0]).toContain('reminders.atLogin');
  });

  it.each([['text'], [[1, 2]], [null]])('falls back to the defaults for stored %j', (raw) => {
    const { settings, reset } = repairSettings(raw);
    expect(settings).toEqual(defaultSettings());
    expect(reset).toEqual(['(settings)']);
  });

  it('reports nothing to repair for missing or valid data', () => {
    expect(repairSettings(undefined).reset).toEqual([]);
    expect(repairSettings(defaultSettings()).reset).toEqual([]);
  });
});
