import { afterEach, describe, expect, it } from 'vitest';
import { splitDateRange, splitDateTimeRange } from '../../main/dingtalk/ranges';
import { parseDingTalk, zonedToMs } from '../../shared/time';
import {
  TOKEN_ROUTE,
  oapiOk,
  rejection,
  startFixture,
  testClient,
  type Fixture,
  type RecordedRequest,
} from './fixture-server';

let fixture: Fixture;

afterEach(async () => {
  await fixture?.close();
});

const SH = 'Asia/Shanghai';
const RECORDS = '/attendance/listRecord';
const RESULTS = '/attendance/list';
const users = (n: number) => Array.from({ length: n }, (_, i) => `user${i + 1}`);
const DAY_MS = 86_400_000;

type Body = Record<string, unknown>;
const bodyOf = (r: RecordedRequest | undefined) => r?.body as Body;

function punchRow(id: number, userId: string, at: number) {
  return {
    id,
    userId,
    checkType: 'OnDuty',
    timeResult: 'Normal',
    sourceType: 'ATM',
    userCheckTime: at,
  };
}

describe('attendance/listRecord splitting', () => {
  it('sends at most 50 users per call', async () => {
    fixture = await startFixture({
      '/gettoken': TOKEN_ROUTE,
      [RECORDS]: oapiOk({ recordresult: [] }),
    });
    const { client } = testClient(fixture);
    const all = users(120);
    const from = zonedToMs(SH, 2026, 11, 30);

    await client.listRecords(all, from, from + DAY_MS - 1000);

    const sent = fixture.hits(RECORDS).map((r) => bodyOf(r).userIds as string[]);
    expect(sent.map((u) => u.length)).toEqual([50, 50, 20]);
    expect(sent.flat()).toEqual(all);
  });

  it('splits ranges over 7 days into spans at most 7 days apart that leave no gap', async () => {
    fixture = await startFixture({
      '/gettoken': TOKEN_ROUTE,
      [RECORDS]: oapiOk({ recordresult: [] }),
    });
    const { client } = testClient(fixture);
    const from = zonedToMs(SH, 2026, 11, 1, 8, 0, 0);
    const to = zonedToMs(SH, 2026, 11, 17, 20, 0, 0);

    await client.listRecords(['u1'], from, to);

    const spans = fixture
      .hits(RECORDS)
      .map((r) => [bodyOf(r).checkDateFrom, bodyOf(r).checkDateTo]);
    expect(spans).toEqual([
      ['2026-11-01 08:00:00', '2026-11-08 08:00:00'],
      ['2026-11-08 08:00:00', '2026-11-15 08:00:00'],
      ['2026-11-15 08:00:00', '2026-11-17 20:00:00'],
    ]);
    for (const [a, b] of spans) {
      expect(parseDingTalk(b as string, SH) - parseDingTalk(a as string, SH)).toBeLessThanOrEqual(
        7 * DAY_MS,
      );
    }
  });

  it('combines users × spans, and returns each punch once, in time order', async () => {
    const boundary = zonedToMs(SH, 2026, 11, 8, 8, 0, 0);
    fixture = await startFixture({
      '/gettoken': TOKEN_ROUTE,
      // Every call reports the punch on the shared boundary second, plus one of its own.
      [RECORDS]: (req, hit) =>
        oapiOk({
          recordresult: [
            punchRow(
              1000 + hit,
              (bodyOf(req).userIds as string[])[0] ?? '',
              boundary + hit * 60_000,
            ),
            punchRow(1, 'user1', boundary),
          ],
        }),
    });
    const { client } = testClient(fixture);

    const records = await client.listRecords(
      users(60),
      zonedToMs(SH, 2026, 11, 1, 8, 0, 0),
      zonedToMs(SH, 2026, 11, 10, 8, 0, 0),
    );

    expect(fixture.hits(RECORDS)).toHaveLength(4);
    expect(records.map((r) => r.id)).toEqual(['1', '1001', '1002', '1003', '1004']);
  });

  it('refuses an inverted range', async () => {
    fixture = await startFixture({ '/gettoken': TOKEN_ROUTE });
    const { client } = testClient(fixture);
    expect((await rejection(client.listRecords(['u1'], 2_000_000, 1_000_000))).code).toBe(
      'invalidInput',
    );
  });
});

describe('attendance/list splitting and paging', () => {
  it('asks for work dates in spans at most 7 days apart, and 50 users at a time', async () => {
    fixture = await startFixture({
      '/gettoken': TOKEN_ROUTE,
      [RESULTS]: oapiOk({ recordresult: [], hasMore: false }),
    });
    const { client } = testClient(fixture);

    await client.listResults(users(51), '2026-11-01', '2026-11-20');

    const calls = fixture.hits(RESULTS).map((r) => {
      const b = bodyOf(r);
      return [(b.userIdList as string[]).length, b.workDateFrom, b.workDateTo];
    });
    expect(calls).toEqual([
      [50, '2026-11-01 00:00:00', '2026-11-08 00:00:00'],
      [50, '2026-11-09 00:00:00', '2026-11-16 00:00:00'],
      [50, '2026-11-17 00:00:00', '2026-11-20 00:00:00'],
      [1, '2026-11-01 00:00:00', '2026-11-08 00:00:00'],
      [1, '2026-11-09 00:00:00', '2026-11-16 00:00:00'],
      [1, '2026-11-17 00:00:00', '2026-11-20 00:00:00'],
    ]);
  });

  it('follows hasMore with offset += limit', async () => {
    const resultRow = (id: number) => ({
      id,
      userId: 'u1',
      checkType: 'OnDuty',
      timeResult: 'Normal',
      sourceType: 'ATM',
      baseCheckTime: 1_764_291_600_000,
      userCheckTime: 1_764_291_480_000,
      workDate: 1_764_259_200_000,
    });
    fixture = await startFixture({
      '/gettoken': TOKEN_ROUTE,
      [RESULTS]: (req) => {
        const offset = bodyOf(req).offset as number;
        const rows = Array.from({ length: offset < 100 ? 50 : 7 }, (_, i) => resultRow(offset + i));
        return oapiOk({ recordresult: rows, hasMore: offset < 100 });
      },
    });
    const { client } = testClient(fixture);

    const results = await client.listResults(['u1'], '2026-11-28', '2026-11-28');

    expect(fixture.hits(RESULTS).map((r) => [bodyOf(r).offset, bodyOf(r).limit])).toEqual([
      [0, 50],
      [50, 50],
      [100, 50],
    ]);
    expect(results).toHaveLength(107);
    expect(new Set(results.map((r) => r.id)).size).toBe(107);
  });

  it('stops with unexpectedReply when hasMore comes with an empty page', async () => {
    fixture = await startFixture({
      '/gettoken': TOKEN_ROUTE,
      [RESULTS]: oapiOk({ recordresult: [], hasMore: true }),
    });
    const { client } = testClient(fixture);
    expect((await rejection(client.listResults(['u1'], '2026-11-28', '2026-11-28'))).code).toBe(
      'unexpectedReply',
    );
    expect(fixture.hits(RESULTS)).toHaveLength(1);
  });
});

describe('span arithmetic', () => {
  it('keeps 7 wall-clock days across a daylight-saving change', () => {
    const la = 'America/Los_Angeles';
    // DST starts 2026-03-08 in Los Angeles: 7 days of wall time are 167 real hours.
    const spans = splitDateTimeRange(
      zonedToMs(la, 2026, 3, 5, 9),
      zonedToMs(la, 2026, 3, 20, 9),
      la,
    );
    expect(spans).toEqual([
      { from: '2026-03-05 09:00:00', to: '2026-03-12 09:00:00' },
      { from: '2026-03-12 09:00:00', to: '2026-03-19 09:00:00' },
      { from: '2026-03-19 09:00:00', to: '2026-03-20 09:00:00' },
    ]);
  });

  it('widens sub-second ends to whole seconds', () => {
    const from = zonedToMs(SH, 2026, 11, 28, 8, 0, 0) + 250;
    const to = zonedToMs(SH, 2026, 11, 28, 9, 0, 0) + 250;
    expect(splitDateTimeRange(from, to, SH)).toEqual([
      { from: '2026-11-28 08:00:00', to: '2026-11-28 09:00:01' },
    ]);
  });

  it('splits work dates across month and year ends', () => {
    expect(splitDateRange('2026-12-28', '2027-01-06')).toEqual([
      { from: '2026-12-28', to: '2027-01-04' },
      { from: '2027-01-05', to: '2027-01-06' },
    ]);
  });
});
