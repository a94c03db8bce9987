import { describe, expect, it } from 'vitest';
import { findUpload, isOurRecord } from '../../../server/punches/match';

const T = 1_800_000_000_000;
const punch = { device_id: 'dev-uuid-1', device_name: 'Daka · LAPTOP-ZW', check_time: T };
const rec = (
  id: string,
  over: Partial<{
    deviceId: string | null;
    deviceSN: string | null;
    userAddress: string | null;
    userCheckTime: number;
  }> = {},
) => ({
  id,
  deviceId: null,
  deviceSN: null,
  userAddress: null,
  userCheckTime: T,
  ...over,
});

describe('isOurRecord', () => {
  it.each([
    ['by deviceId', rec('a', { deviceId: 'dev-uuid-1' }), true],
    ['by deviceSN', rec('a', { deviceSN: 'dev-uuid-1' }), true],
    ['by userAddress = device name', rec('a', { userAddress: 'Daka · LAPTOP-ZW' }), true],
    ['1 s apart', rec('a', { deviceId: 'dev-uuid-1', userCheckTime: T + 1000 }), true],
    ['1.001 s apart', rec('a', { deviceId: 'dev-uuid-1', userCheckTime: T - 1001 }), false],
    [
      'another device at the same time',
      rec('a', { deviceId: 'phone-1', userAddress: '杭州' }),
      false,
    ],
  ])('%s', (_what, record, expected) => {
    expect(isOurRecord(record, punch)).toBe(expected);
  });
});

describe('findUpload', () => {
  it('finds our record', () => {
    expect(
      findUpload([rec('x', { deviceId: 'phone' }), rec('a', { deviceId: 'dev-uuid-1' })], punch, [])
        ?.id,
    ).toBe('a');
  });

  it('a record already explained by another settled punch of the same second is not evidence', () => {
    const records = [rec('a', { deviceId: 'dev-uuid-1' })];
    const twin = { ...punch };
    expect(findUpload(records, punch, [twin])).toBeNull();
    expect(
      findUpload(
        [...records, rec('b', { deviceId: 'dev-uuid-1', userCheckTime: T + 1000 })],
        punch,
        [twin],
      )?.id,
    ).toBe('b');
  });

  it('a settled punch claims its closest record, leaving the other for us', () => {
    const records = [
      rec('early', { deviceId: 'dev-uuid-1', userCheckTime: T - 1000 }),
      rec('on', { deviceId: 'dev-uuid-1' }),
    ];
    const settled = [{ ...punch, check_time: T - 1000 }];
    expect(findUpload(records, punch, settled)?.id).toBe('on');
  });
});
