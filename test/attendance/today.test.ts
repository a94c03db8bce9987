import { describe, expect, it } from 'vitest';
import { buildDayStatus, type DayInputs, recordRange } from '../../main/attendance/today';
import type { AttendanceRecord, ScheduleEntry } from '../../main/dingtalk/types';
import { defaultSettings } from '../../shared/settings';
import { parseDingTalk } from '../../shared/time';

const TZ = 'Asia/Shanghai';
const at = (s: string) => parseDingTalk(s, TZ);
const DEVICE = 'dev-1';

function entry(
  type: 'OnDuty' | 'OffDuty',
  time: string,
  extra: Partial<ScheduleEntry> = {},
): ScheduleEntry {
  return {
    id: `${type}-${time}`,
    checkType: type,
    checkDateTime: at(time),
    realPlanTime: null,
    checkBeginTime: null,
    checkEndTime: null,
    checkStatus: 'Init',
    isRest: false,
    className: 'A',
    classId: 1,
    groupId: 10,
    workDate: at(time.slice(0, 10)),
    features: {},
    approval: null,
    ...extra,
  };
}

function record(
  type: 'OnDuty' | 'OffDuty',
  time: string,
  extra: Partial<AttendanceRecord> = {},
): AttendanceRecord {
  return {
    id: `r-${type}-${time}`,
    userId: 'u1',
    checkType: type,
    userCheckTime: at(time),
    planCheckTime: null,
    workDate: null,
    timeResult: 'Normal',
    locationResult: 'Normal',
    sourceType: 'ATM',
    deviceId: DEVICE,
    deviceSN: null,
    userAddress: null,
    valid: true,
    invalidRecordType: null,
    invalidRecordMsg: null,
    isLegal: 'Y',
    groupId: 10,
    planId: null,
    approveId: null,
    procInstId: null,
    ...extra,
  };
}

function inputs(over: Partial<DayInputs>): DayInputs {
  return {
    userId: 'u1',
    date: '2026-11-27',
    timeZone: TZ,
    now: at('2026-11-27 08:50:00'),
    deviceId: DEVICE,
    schedule: {
      kind: 'entries',
      entries: [entry('OnDuty', '2026-11-27 09:00:00'), entry('OffDuty', '2026-11-27 18:00:00')],
    },
    records: [],
    localPunches: [],
    fallback: defaultSettings().fallbackSchedule,
    fetchedAt: at('2026-11-27 08:50:00'),
    ...over,
  };
}

describe('buildDayStatus', () => {
  it('a fresh workday: both check points pending, next is clock in', () => {
    const day = buildDayStatus(inputs({}));
    expect(day.restDay).toBe(false);
    expect(day.source).toEqual({ kind: 'dingtalk' });
    expect(day.next).toBe('OnDuty');
    expect(day.checkPoints.map((c) => [c.type, c.planned, c.state])).toEqual([
      ['OnDuty', '2026-11-27T09:00:00+08:00', 'pending'],
      ['OffDuty', '2026-11-27T18:00:00+08:00', 'pending'],
    ]);
  });

  it('marks on duty done with DingTalk’s result and moves next to clock out', () => {
    const day = buildDayStatus(
      inputs({
        now: at('2026-11-27 10:00:00'),
        records: [record('OnDuty', '2026-11-27 09:07:00', { timeResult: 'Late' })],
      }),
    );
    expect(day.checkPoints[0]).toMatchObject({
      state: 'done',
      result: 'Late',
      punchedAt: '2026-11-27T09:07:00+08:00',
    });
    expect(day.checkPoints[0]?.punch?.fromThisDevice).toBe(true);
    expect(day.checkPoints[0]?.provisional).toBeUndefined();
    expect(day.next).toBe('OffDuty');
  });

  it('shows invalid records but never counts them', () => {
    const day = buildDayStatus(
      inputs({
        now: at('2026-11-27 10:00:00'),
        records: [
          record('OnDuty', '2026-11-27 08:55:00', {
            valid: false,
            invalidRecordType: 'Security',
            invalidRecordMsg: '需要二次确认',
            timeResult: null,
          }),
        ],
      }),
    );
    expect(day.punches).toHaveLength(1);
    expect(day.punches[0]).toMatchObject({ valid: false, invalidReason: '需要二次确认' });
    expect(day.checkPoints[0]?.state).toBe('pending');
    expect(day.next).toBe('OnDuty');
  });

  it('uses the earliest on-duty and the latest off-duty punch', () => {
    const day = buildDayStatus(
      inputs({
        now: at('2026-11-27 20:00:00'),
        records: [
          record('OnDuty', '2026-11-27 08:58:00'),
          record('OnDuty', '2026-11-27 09:02:00', { timeResult: 'Late' }),
          record('OffDuty', '2026-11-27 17:50:00', { timeResult: 'Early' }),
          record('OffDuty', '2026-11-27 18:05:00'),
        ],
      }),
    );
    expect(day.checkPoints.map((c) => [c.punchedAt, c.result])).toEqual([
      ['2026-11-27T08:58:00+08:00', 'Normal'],
      ['2026-11-27T18:05:00+08:00', 'Normal'],
    ]);
    expect(day.next).toBeNull();
  });

  it('estimates the result of our own unverified upload and marks it provisional', () => {
    const day = buildDayStatus(
      inputs({
        now: at('2026-11-27 09:10:00'),
        localPunches: [{ type: 'OnDuty', at: at('2026-11-27 09:03:20'), intentId: 'i1' }],
      }),
    );
    expect(day.checkPoints[0]).toMatchObject({ state: 'done', result: 'Late', provisional: true });
    expect(day.next).toBe('OffDuty');
  });

  it('counts 09:00:59 as on time (DingTalk compares to the minute)', () => {
    const day = buildDayStatus(
      inputs({ localPunches: [{ type: 'OnDuty', at: at('2026-11-27 09:00:59'), intentId: 'i1' }] }),
    );
    expect(day.checkPoints[0]?.result).toBe('Normal');
  });

  it('reports a missed check point once its window closed', () => {
    const day = buildDayStatus(
      inputs({
        now: at('2026-11-27 15:00:00'),
        schedule: {
          kind: 'entries',
          entries: [
            entry('OnDuty', '2026-11-27 09:00:00', { checkStatus: 'Timeout' }),
            entry('OffDuty', '2026-11-27 18:00:00'),
          ],
        },
      }),
    );
    expect(day.checkPoints[0]).toMatchObject({ state: 'missed', result: 'NotSigned' });
    expect(day.next).toBe('OffDuty');
  });

  it('trusts Checked from the schedule when the record is not visible', () => {
    const day = buildDayStatus(
      inputs({
        records: null,
        schedule: {
          kind: 'entries',
          entries: [
            entry('OnDuty', '2026-11-27 09:00:00', { checkStatus: 'Checked' }),
            entry('OffDuty', '2026-11-27 18:00:00'),
          ],
        },
      }),
    );
    expect(day.checkPoints[0]).toMatchObject({ state: 'done', result: null, punch: null });
  });

  it('a rest day has no check points and names the next workday', () => {
    const day = buildDayStatus(
      inputs({
        date: '2026-11-28',
        schedule: {
          kind: 'entries',
          entries: [entry('OnDuty', '2026-11-28 09:00:00', { isRest: true })],
        },
      }),
    );
    expect(day.restDay).toBe(true);
    expect(day.checkPoints).toEqual([]);
    expect(day.next).toBeNull();
    expect(day.nextWorkday).toBe('2026-11-30');
  });

  it('a night shift crossing midnight keeps off duty on the next calendar day', () => {
    const day = buildDayStatus(
      inputs({
        now: at('2026-11-28 02:00:00'),
        schedule: {
          kind: 'entries',
          entries: [
            entry('OnDuty', '2026-11-27 19:00:00', { checkStatus: 'Checked' }),
            entry('OffDuty', '2026-11-28 05:00:00'),
          ],
        },
        records: [record('OnDuty', '2026-11-27 18:55:00')],
      }),
    );
    expect(day.checkPoints[1]?.planned).toBe('2026-11-28T05:00:00+08:00');
    expect(day.checkPoints[1]?.state).toBe('pending');
    expect(day.next).toBe('OffDuty');
    const range = recordRange('2026-11-27', TZ, {
      kind: 'entries',
      entries: [
        entry('OffDuty', '2026-11-28 05:00:00', { checkEndTime: at('2026-11-28 09:00:00') }),
      ],
    });
    expect(range.to).toBe(at('2026-11-28 09:00:00'));
  });

  it('approved leave satisfies the check points and makes the day a leave day', () => {
    const day = buildDayStatus(
      inputs({
        records: [
          record('OnDuty', '2026-11-27 09:00:00', { sourceType: 'APPROVE', deviceId: null }),
          record('OffDuty', '2026-11-27 18:00:00', { sourceType: 'APPROVE', deviceId: null }),
        ],
      }),
    );
    expect(day.onLeave).toBe(true);
    expect(day.next).toBeNull();
  });

  it('falls back to the weekly pattern and the Chinese calendar without a schedule', () => {
    const weekday = buildDayStatus(inputs({ schedule: { kind: 'none' } }));
    expect(weekday.source).toEqual({ kind: 'fallback', reason: 'noSchedule' });
    expect(weekday.checkPoints.map((c) => c.planned)).toEqual([
      '2026-11-27T09:00:00+08:00',
      '2026-11-27T18:00:00+08:00',
    ]);
    const holiday = buildDayStatus(
      inputs({ date: '2026-10-01', schedule: { kind: 'notPermitted' } }),
    );
    expect(holiday.restDay).toBe(true);
    expect(holiday.source).toEqual({ kind: 'fallback', reason: 'scheduleNotPermitted' });
    // 2026-09-20 is a Sunday made a workday (调休) for National Day.
    const makeUp = buildDayStatus(inputs({ date: '2026-09-20', schedule: { kind: 'none' } }));
    expect(makeUp.restDay).toBe(false);
  });

  it('an empty DingTalk schedule is reported as a fallback', () => {
    const day = buildDayStatus(inputs({ schedule: { kind: 'entries', entries: [] } }));
    expect(day.source).toEqual({ kind: 'fallback', reason: 'noSchedule' });
  });
});
