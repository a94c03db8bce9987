import { describe, expect, it } from 'vitest';
import { AppError, toErrorPayload } from '../shared/errors';
import { defaultSettings, settingsSchema } from '../shared/settings';

describe('errors', () => {
  it('serialises an AppError without undefined detail fields', () => {
    const payload = new AppError('ipNotWhitelisted', 'IP not allowed', {
      ip: '203.0.113.7',
      permission: undefined,
    }).toPayload();
    expect(payload).toEqual({
      code: 'ipNotWhitelisted',
      message: 'IP not allowed',
      detail: { ip: '203.0.113.7' },
    });
  });

  it('turns unknown throwables into internal errors', () => {
    expect(toErrorPayload(new TypeError('boom'))).toEqual({ code: 'internal', message: 'boom' });
    expect(toErrorPayload('x').code).toBe('internal');
  });
});

describe('settings', () => {
  it('fills every default from an empty object', () => {
    const s = defaultSettings();
    expect(s.reminders.beforeOnDutyMinutes).toBe(5);
    expect(s.reminders.snoozeMinutes).toBe(10);
    expect(s.punch.duplicateGuardMinutes).toBe(10);
    expect(s.fallbackSchedule.workdays).toEqual([1, 2, 3, 4, 5]);
  });

  it('rejects out-of-range values', () => {
    expect(settingsSchema.safeParse({ reminders: { snoozeMinutes: 0 } }).success).toBe(false);
    expect(settingsSchema.safeParse({ fallbackSchedule: { onDuty: '25:00' } }).success).toBe(false);
  });
});
