import { describe, expect, it } from 'vitest';
import { connectErrorPayload, scrub } from '../../../server/stream/connect-error';
import { parseCheckRecords, readFrame, toEpochMs } from '../../../server/stream/event';
import { checkRecordFrame, punch } from './fakes';

describe('Stream frames', () => {
  it('reads the headers of a frame shaped like the package type', () => {
    const frame = readFrame(checkRecordFrame('evt-9', [punch('u-1', 1)]));
    expect(frame).toMatchObject({ eventId: 'evt-9', eventType: 'attendance_check_record' });
    expect(readFrame({ type: 'EVENT', data: '{}' })).toBeNull();
    expect(readFrame('x')).toBeNull();
  });

  it('takes epoch times as numbers or digit strings, seconds as seconds', () => {
    expect(toEpochMs(1_772_413_092_000)).toBe(1_772_413_092_000);
    expect(toEpochMs('1772413092000')).toBe(1_772_413_092_000);
    expect(toEpochMs('1772413092')).toBe(1_772_413_092_000);
    expect(toEpochMs('2026-03-02 08:58:12')).toBeNull();
    expect(toEpochMs(0)).toBeNull();
    expect(toEpochMs(undefined)).toBeNull();
  });

  it('accepts a payload already parsed into an object, and numeric user ids', () => {
    expect(
      parseCheckRecords({ dataList: [{ userId: 12345, checkTime: 7_000_000_000_000 }] }, 1),
    ).toEqual({
      ok: true,
      records: [{ userId: '12345', checkTimeMs: 7_000_000_000_000, exactTime: true }],
      skipped: 0,
    });
  });
});

describe('Stream connection errors', () => {
  const secret = 'the-secret-value';

  it('maps gateway replies and socket errors to error codes', () => {
    const http = (status: number, code?: string) =>
      Object.assign(new Error(`Request failed with status code ${status}`), {
        response: { status, data: code !== undefined ? { code } : '' },
      });
    expect(connectErrorPayload(http(503), [secret]).code).toBe('dingtalkBusy');
    expect(connectErrorPayload(http(429), [secret]).code).toBe('rateLimited');
    expect(connectErrorPayload(http(403, 'Forbidden.AccessDenied.IpNotInWhiteList'), []).code).toBe(
      'ipNotWhitelisted',
    );
    expect(
      connectErrorPayload(http(403, 'Forbidden.AccessDenied.ApiCountLimitForOrg'), []).code,
    ).toBe('quotaExhausted');
    expect(connectErrorPayload(new Error('Unexpected server response: 401'), [])).toEqual({
      code: 'unexpectedReply',
      message: 'Unexpected server response: 401',
      detail: { dingtalkCode: 'HTTP 401', api: 'websocket' },
    });
    expect(
      connectErrorPayload(
        Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }),
        [],
      ).code,
    ).toBe('networkDown');
  });

  it('scrubs the secret and any ticket from messages', () => {
    expect(scrub(`failed wss://x/connect?ticket=abc-123&x=1 with ${secret}`, [secret])).toBe(
      'failed wss://x/connect?ticket=***&x=1 with ***',
    );
    expect(connectErrorPayload(new Error(`bad ${secret}`), [secret]).message).toBe('bad ***');
  });
});
