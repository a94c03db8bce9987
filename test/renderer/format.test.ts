import { afterEach, describe, expect, it } from 'vitest';
import { createFormat, orgTimeZone } from '../../renderer/src/format';
import { day, fixtures, snapshot } from './fixtures';

const machineZone = process.env.TZ;
afterEach(() => {
  process.env.TZ = machineZone;
});

describe('formatting in the organisation’s zone', () => {
  it('shows Shanghai wall-clock time whatever zone the machine is in', () => {
    for (const zone of ['UTC', 'America/New_York', 'Pacific/Kiritimati']) {
      process.env.TZ = zone;
      const f = createFormat('zh-CN', 'Asia/Shanghai');
      expect(f.time('2026-11-27T08:58:00+08:00')).toBe('08:58');
      expect(f.time('2026-11-27T00:30:00Z')).toBe('08:30');
    }
  });

  it('uses a 24-hour clock in English too', () => {
    expect(createFormat('en-GB', 'Asia/Shanghai').time('2026-11-27T18:06:00+08:00')).toBe('18:06');
  });

  it('formats a work date as that calendar day', () => {
    process.env.TZ = 'America/Los_Angeles';
    expect(createFormat('zh-CN', 'Asia/Shanghai').date('2026-11-30')).toBe('11月30日周一');
    expect(createFormat('en-GB', 'Asia/Shanghai').date('2026-11-30')).toBe('Mon 30 November');
  });

  it('takes the zone from today, then the settings, then Shanghai', () => {
    expect(orgTimeZone(snapshot({ today: day({ timeZone: 'Asia/Tokyo' }) }))).toBe('Asia/Tokyo');
    expect(
      orgTimeZone(
        snapshot({
          today: null,
          settings: { ...fixtures.beforeWork.settings, timeZone: 'Asia/Hong_Kong' },
        }),
      ),
    ).toBe('Asia/Hong_Kong');
    expect(orgTimeZone(null)).toBe('Asia/Shanghai');
  });
});
