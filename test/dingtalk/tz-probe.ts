/**
 * Run in a child process with TZ=America/Los_Angeles by timezone.test.ts:
 * prints what the client sent to DingTalk and what it read back, as JSON.
 */
import { zonedToMs } from '../../shared/time';
import { TOKEN_ROUTE, oapiOk, sample, startFixture, testClient } from './fixture-server';

const fixture = await startFixture({
  '/gettoken': TOKEN_ROUTE,
  '/attendance/listRecord': oapiOk({ recordresult: [] }),
  '/attendance/list': oapiOk({ recordresult: [], hasMore: false }),
  '/topapi/attendance/schedule/listbyday': {
    json: sample('oapi_topapi_attendance_schedule_listbyday'),
  },
});
try {
  const { client } = testClient(fixture);
  // 07:30 on 2026-11-28 in Shanghai is still the 27th in Los Angeles.
  const from = zonedToMs('Asia/Shanghai', 2026, 11, 28, 7, 30, 0);
  await client.listRecords(['u1'], from, from + 3 * 3600_000);
  await client.listResults(['u1'], '2026-11-28', '2026-11-28');
  const schedule = await client.scheduleByDay('u1', '2020-11-10');
  process.stdout.write(
    JSON.stringify({
      processOffsetMinutes: new Date(from).getTimezoneOffset(),
      listRecord: fixture.hits('/attendance/listRecord')[0]?.body,
      list: fixture.hits('/attendance/list')[0]?.body,
      listByDay: fixture.hits('/topapi/attendance/schedule/listbyday')[0]?.body,
      firstCheck: schedule[0]?.checkDateTime,
    }),
  );
} finally {
  await fixture.close();
}
