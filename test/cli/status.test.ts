/**
 * `daka status`: the documented JSON (README "The `daka` CLI"), a rest day,
 * a bad date, and the human output in both languages, chosen by --lang,
 * DAKA_LANG or the POSIX locale (LANG=zh_CN.UTF-8).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../main/dingtalk/simulator';
import type { DayStatus } from '../../shared/model';
import { translate, type UiLanguage } from '../../shared/i18n';
import { type CliFixture, type Env, expectOneLine, FRIDAY, at, startCli } from './harness';

let fx: CliFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

/** The top-level fields README documents for `status --json`. */
const DAY_FIELDS = [
  'checkPoints',
  'className',
  'date',
  'fetchedAt',
  'next',
  'nextWorkday',
  'onLeave',
  'punches',
  'restDay',
  'source',
  'timeZone',
  'userId',
];
const CHECK_POINT_FIELDS = ['planned', 'punch', 'punchedAt', 'result', 'state', 'type', 'window'];

describe('daka status', () => {
  it('prints today as the documented JSON, with a phone punch done and the next one pending', async () => {
    fx = await startCli({ start: `${FRIDAY} 09:05:00` });
    // 张伟 clocked in on the phone at 08:41.
    fx.sim.injectRecord({
      userId: DEMO_USERS.fixed,
      userCheckTime: at(`${FRIDAY} 08:41:00`),
      sourceType: 'USER',
    });
    const r = await fx.run(['status', '--json']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const day = JSON.parse(r.stdout) as DayStatus;
    expect(Object.keys(day).sort()).toEqual(DAY_FIELDS);
    expect(day).toMatchObject({
      userId: DEMO_USERS.fixed,
      date: FRIDAY,
      timeZone: 'Asia/Shanghai',
      restDay: false,
      onLeave: false,
      source: { kind: 'dingtalk' },
      next: 'OffDuty',
      nextWorkday: null,
      fetchedAt: `${FRIDAY}T09:05:00+08:00`,
    });
    expect(day.checkPoints).toHaveLength(2);
    const [clockIn, clockOut] = day.checkPoints;
    // The demo class's 30-minute late flex (弹性) rides on the clock-in only.
    expect(Object.keys(clockIn ?? {}).sort()).toEqual(
      ['lateFlexMinutes', ...CHECK_POINT_FIELDS].sort(),
    );
    expect(clockIn?.lateFlexMinutes).toBe(30);
    expect(Object.keys(clockOut ?? {}).sort()).toEqual(CHECK_POINT_FIELDS);
    const [on, off] = day.checkPoints;
    expect(on).toMatchObject({
      type: 'OnDuty',
      planned: `${FRIDAY}T09:00:00+08:00`,
      state: 'done',
      punchedAt: `${FRIDAY}T08:41:00+08:00`,
      result: 'Normal',
    });
    expect(off).toMatchObject({
      type: 'OffDuty',
      // After flex (早到早走: in 19 minutes early, out 19 minutes early), as DingTalk plans it.
      planned: `${FRIDAY}T17:41:00+08:00`,
      state: 'pending',
      punchedAt: null,
      result: null,
      punch: null,
    });
    expect(day.punches).toEqual([
      expect.objectContaining({
        at: `${FRIDAY}T08:41:00+08:00`,
        source: 'USER',
        fromThisDevice: false,
        valid: true,
      }),
    ]);
  });

  it('shows a given date: Saturday is a rest day with the next workday', async () => {
    fx = await startCli({ start: `${FRIDAY} 09:05:00` });
    const r = await fx.run(['status', '--json', '--date', '2026-11-28']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const day = JSON.parse(r.stdout) as DayStatus;
    expect(day).toMatchObject({
      date: '2026-11-28',
      restDay: true,
      next: null,
      checkPoints: [],
      nextWorkday: '2026-11-30',
    });
  });

  it.each(['bad', '2026-11-31', '27.11.2026'])(
    'refuses --date %s with exit 1 and one translated line naming the field',
    async (date) => {
      fx = await startCli({ start: `${FRIDAY} 09:05:00` });
      fx.sim.clearLog();
      const r = await fx.run(['status', '--date', date]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      const line = expectOneLine(r.stderr);
      expect(line).toBe(
        `daka: ${translate('en', 'error.invalidInput.message')} (${translate('en', 'cli.field', { field: 'date' })}) — ${translate('en', 'error.invalidInput.fix')}`,
      );
      expect(fx.paths()).toEqual([]);
    },
  );

  it('prints the error as JSON on stdout with --json, and still one line on stderr', async () => {
    fx = await startCli({ start: `${FRIDAY} 09:05:00` });
    const r = await fx.run(['status', '--json', '--date', 'bad']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      error: { code: 'invalidInput', message: expect.any(String), detail: { field: 'date' } },
    });
    expectOneLine(r.stderr);
  });

  describe('human output', () => {
    /** The lines `status` prints at 08:50 on Friday, nothing punched yet. */
    function expected(lang: UiLanguage): string {
      const t = (key: Parameters<typeof translate>[1]) => translate(lang, key);
      return [
        `${FRIDAY} · Asia/Shanghai`,
        `  ${t('checkType.OnDuty')}  09:00  ${t('cli.pending')}`,
        `  ${t('checkType.OffDuty')}  18:00  ${t('cli.pending')}`,
        `${t('cli.next')}: ${t('punchAction.OnDuty')}`,
        '',
      ].join('\n');
    }

    const cases: [string, string[], Env, UiLanguage][] = [
      ['--lang zh-CN', ['--lang', 'zh-CN'], {}, 'zh-CN'],
      ['--lang en over LANG=zh_CN.UTF-8', ['--lang', 'en'], { LANG: 'zh_CN.UTF-8' }, 'en'],
      ['DAKA_LANG=zh-CN', [], { DAKA_LANG: 'zh-CN' }, 'zh-CN'],
      ['DAKA_LANG=en over LANG=zh_CN.UTF-8', [], { DAKA_LANG: 'en', LANG: 'zh_CN.UTF-8' }, 'en'],
      ['LANG=zh_CN.UTF-8', [], { LANG: 'zh_CN.UTF-8' }, 'zh-CN'],
      ['LANG=C', [], { LANG: 'C' }, 'en'],
      ['LC_ALL=en_US.UTF-8 over LANG', [], { LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' }, 'en'],
      ['an empty LC_ALL is ignored', [], { LC_ALL: '', LANG: 'zh_CN.UTF-8' }, 'zh-CN'],
    ];

    it.each(cases)('%s', async (_, flags, extra, lang) => {
      fx = await startCli({ start: `${FRIDAY} 08:50:00` });
      const r = await fx.run(['status', ...flags], { ...fx.env, ...extra });
      expect(r).toEqual({ code: 0, stdout: expected(lang), stderr: '' });
    });

    it('the two languages really differ', () => {
      expect(expected('zh-CN')).not.toBe(expected('en'));
      expect(expected('zh-CN')).toMatch(/[\u4e00-\u9fff]/);
      expect(expected('en')).not.toMatch(/[\u4e00-\u9fff]/);
    });

    it('shows a punch made earlier and the rest day in Chinese', async () => {
      fx = await startCli({ start: `${FRIDAY} 09:05:00` });
      fx.sim.injectRecord({ userId: DEMO_USERS.fixed, userCheckTime: at(`${FRIDAY} 08:41:00`) });
      const env = { ...fx.env, LANG: 'zh_CN.UTF-8' };
      const today = await fx.run(['status'], env);
      expect(today.code).toBe(0);
      expect(today.stdout).toContain(
        `  ${translate('zh-CN', 'checkType.OnDuty')}  09:00  ✓ 08:41 ${translate('zh-CN', 'timeResult.Normal')}`,
      );
      const saturday = await fx.run(['status', '--date', '2026-11-28'], env);
      expect(saturday).toEqual({
        code: 0,
        stdout: `2026-11-28 · Asia/Shanghai\n  ${translate('zh-CN', 'today.restDay')} · ${translate('zh-CN', 'today.nextWorkday', { date: '2026-11-30' })}\n`,
        stderr: '',
      });
    });

    it.each([
      ['--lang fr', ['--lang', 'fr'], {}, 'lang'],
      ['DAKA_LANG=klingon', [], { DAKA_LANG: 'klingon' }, 'DAKA_LANG'],
    ])('refuses %s with one line naming it', async (_, flags, extra, field) => {
      fx = await startCli({ start: `${FRIDAY} 08:50:00` });
      const r = await fx.run(['status', ...flags], { ...fx.env, ...extra });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(expectOneLine(r.stderr)).toContain(`(${translate('en', 'cli.field', { field })})`);
    });
  });
});
