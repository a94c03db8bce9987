// @vitest-environment happy-dom
/**
 * The doctor and the onboarding check speak in sentences (issue #11): a summary line that
 * says who fixes what, each check as a sentence, permissions by name with the code beside
 * it, "copy report for IT" in the onboarding check too, and an IT report entirely in the
 * chosen language (codes verbatim).
 */
import '@testing-library/jest-dom/vitest';
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/contract';
import type { DoctorCheck, DoctorReport } from '../../shared/model';
import { translate, type UiLanguage } from '../../shared/i18n';
import { doctorSummary } from '../../shared/i18n/doctor';
import { enViews } from '../../shared/i18n/en.views';
import { zhCNViews } from '../../shared/i18n/zh-CN.views';
import { zhCN as zhHome } from '../../shared/i18n/zh-CN';
import { zhCNErrors } from '../../shared/i18n/zh-CN.errors';
import { reportText } from '../../renderer/src/views/doctor/report';
import { fixtures, reports, withUi } from './fixtures';
import { ok } from './mock-bridge';
import { renderApp } from './render';

const inLang = (lang: UiLanguage, s: Snapshot) => withUi(s, { language: lang });
const tr = (lang: UiLanguage) => (key: Parameters<typeof translate>[1], vars?: object) =>
  translate(lang, key, vars as Record<string, string | number>);

const skew = (ms: number, status: DoctorCheck['status'] = 'warn'): DoctorCheck => ({
  id: 'clockSkew',
  subject: null,
  status,
  error: null,
  facts: { skewMs: ms },
});

const recordsOk: DoctorCheck = {
  id: 'permission',
  subject: 'qyapi_get_attendance_data',
  status: 'pass',
  error: null,
  facts: {},
};

const sentences: DoctorReport = {
  ...reports.allPass,
  checks: [skew(-7 * 60_000), recordsOk],
};

async function runDoctor(lang: UiLanguage, report: DoctorReport, snapshot = fixtures.beforeWork) {
  const rendered = renderApp(inLang(lang, snapshot));
  const doctor = lang === 'en' ? 'Doctor' : '诊断';
  await screen.findByRole('button', { name: lang === 'en' ? 'More' : '更多' });
  act(() => rendered.mock.emit('navigate', { view: 'doctor' }));
  await screen.findByRole('heading', { level: 1, name: doctor });
  rendered.mock.reply('runDoctor', ok(report));
  await rendered.user.click(
    screen.getByRole('button', { name: lang === 'en' ? 'Run checks' : '开始检测' }),
  );
  const list = await screen.findByRole('list', { name: doctor });
  return { ...rendered, items: within(list).getAllByRole('listitem') };
}

describe('the summary line', () => {
  const cases: [string, DoctorCheck[], string, string][] = [
    ['all passed', reports.allPass.checks, '一切正常', 'Everything is fine'],
    [
      'IT’s problems',
      reports.serverProblems.checks,
      '2 个问题需要 IT 处理',
      '2 problems for IT to fix',
    ],
    ['the employee’s problem', [skew(400_000)], '1 个问题需要你处理', '1 problem for you to fix'],
    [
      'both',
      reports.problems.checks,
      '1 个问题需要你处理，2 个需要 IT 处理',
      '1 for you to fix, 2 for IT',
    ],
    [
      'a check that did not run is not “all well”',
      [...reports.allPass.checks, { ...recordsOk, status: 'skipped' }],
      '没有发现问题，有 1 项这次没能检查',
      'No problems found; 1 check could not run this time',
    ],
    // Direct mode's standing warning is a notice, not a problem to fix.
    ['direct mode', reports.direct.checks, '一切正常', 'Everything is fine'],
  ];
  it.each(cases)('%s', (_, checks, zh, english) => {
    expect(doctorSummary(tr('zh-CN'), checks).text).toBe(zh);
    expect(doctorSummary(tr('en'), checks).text).toBe(english);
  });

  it.each([
    ['zh-CN', '1 个问题需要你处理，2 个需要 IT 处理'],
    ['en', '1 for you to fix, 2 for IT'],
  ] as const)('%s: heads the doctor’s list', async (lang, line) => {
    await runDoctor(lang, reports.problems);
    expect(screen.getByText(line)).toHaveClass('summary', 'summary-bad');
  });
});

describe('checks in sentences', () => {
  it('zh-CN: the clock by how far and which way, a permission by name with its code', async () => {
    const { items } = await runDoctor('zh-CN', sentences);
    const [clock, records] = items as HTMLElement[];
    expect(clock).toHaveTextContent('你的电脑时间比钉钉快约 7 分钟');
    expect(clock).toHaveTextContent('请打开系统的自动对时');
    expect(within(records as HTMLElement).getByText('读取考勤记录')).toBeInTheDocument();
    expect(within(records as HTMLElement).getByText('qyapi_get_attendance_data')).toHaveClass(
      'check-subject',
    );
    expect(records).toHaveTextContent('应用有这项权限');
  });

  it('en: the same sentences', async () => {
    const { items } = await runDoctor('en', sentences);
    const [clock, records] = items as HTMLElement[];
    expect(clock).toHaveTextContent('Your computer’s clock is about 7 minutes ahead of DingTalk');
    expect(within(records as HTMLElement).getByText('Read attendance records')).toBeInTheDocument();
    expect(records).toHaveTextContent('qyapi_get_attendance_data');
    expect(records).toHaveTextContent('The app has this permission');
  });

  it('says seconds when minutes would mislead, and which clock is behind', () => {
    const say = (lang: UiLanguage, ms: number) => translateSentence(lang, skew(ms));
    expect(say('zh-CN', 94_000)).toBe('你的电脑时间比钉钉慢约 94 秒');
    expect(say('en', 94_000)).toBe('Your computer’s clock is about 94 seconds behind DingTalk');
    expect(say('zh-CN', 30_000)).toBe('你的电脑时间比钉钉慢约 30 秒');
    expect(translateSentence('zh-CN', skew(20_000, 'pass'))).toBe('你的电脑时间和钉钉一致');
    expect(translateSentence('en', { ...skew(-300_000), origin: 'server' })).toBe(
      'The server’s clock is about 5 minutes ahead of DingTalk',
    );
  });

  it.each([
    [
      'zh-CN',
      '上传打卡记录',
      '应用没有这项权限',
      '请管理员在钉钉开发者后台为应用开通这项权限',
      '[失败] permission Pro.AttendanceRecord.Write · 上传打卡记录',
    ],
    [
      'en',
      'Upload punch records',
      'The app does not have this permission',
      'Ask your administrator to grant this permission in the DingTalk developer console',
      '[Fail] permission Pro.AttendanceRecord.Write · Upload punch records',
    ],
  ] as const)(
    '%s: a missing permission by name, its code once, secondary',
    async (lang, name, sentence, fix, reportHead) => {
      const { items } = await runDoctor(lang, reports.problems);
      const row = items[1] as HTMLElement;
      expect(within(row).getByText(name)).toBeInTheDocument();
      expect(within(row).getByText('Pro.AttendanceRecord.Write')).toHaveClass('check-subject');
      expect(row.textContent?.split('Pro.AttendanceRecord.Write')).toHaveLength(2);
      expect(row).toHaveTextContent(sentence);
      expect(row).toHaveTextContent(fix);
      // IT's report keeps the code (once, in the check's head) and the error's code and API.
      const report = reportText(tr(lang), null, reports.problems);
      expect(report).toContain(reportHead);
      expect(report).toContain('missingPermission');
      expect(report).toContain('topapi/attendance/record/upload');
    },
  );

  it('puts a name into a Chinese sentence without spaces around it', () => {
    const session: DoctorCheck = {
      id: 'serverSession',
      subject: '王小明',
      status: 'pass',
      error: null,
      facts: {},
    };
    expect(translateSentence('zh-CN', session)).toBe('你以王小明的身份登录了公司服务器');
    expect(translateSentence('en', session)).toBe(
      'You are signed in to the company server as 王小明',
    );
  });

  it('names the upload permission and waits for the first punch instead of a status', async () => {
    const { items } = await runDoctor('zh-CN', {
      ...reports.allPass,
      checks: [
        {
          id: 'permission',
          subject: 'Pro.AttendanceRecord.Write',
          status: 'skipped',
          error: null,
          facts: { upload: 'firstPunch' },
        },
      ],
    });
    const [upload] = items as HTMLElement[];
    expect(upload).toHaveTextContent('上传打卡记录');
    expect(upload).toHaveTextContent('第一次打卡时确认');
    expect(upload).not.toHaveTextContent('跳过');
    expect(upload).not.toHaveTextContent('通过');
  });
});

describe('the onboarding check', () => {
  it.each([
    [
      'zh-CN',
      '检测连接',
      '复制报告给 IT',
      '报告已复制',
      'Daka 诊断报告',
      '1 个问题需要你处理，2 个需要 IT 处理',
    ],
    [
      'en',
      'Check the connection',
      'Copy report for IT',
      'Report copied',
      'Daka doctor report',
      '1 for you to fix, 2 for IT',
    ],
  ] as const)(
    '%s: a summary line and the report for IT',
    async (lang, title, copy, copied, head, line) => {
      const { mock, user } = renderApp(inLang(lang, fixtures.beforeWork));
      mock.reply('runDoctor', ok(reports.problems));
      await screen.findByRole('button', { name: lang === 'en' ? 'Clock in' : '上班打卡' });
      act(() => mock.emit('navigate', { view: 'onboarding' }));
      await screen.findByRole('list', { name: title });
      expect(screen.getByText(line)).toHaveClass('summary');
      await user.click(screen.getByRole('button', { name: copy }));
      await screen.findByText(copied);
      const text = await navigator.clipboard.readText();
      expect(text.split('\n')[0]).toBe(head);
      expect(text).toContain(line);
      expect(text).toContain('ipNotWhitelisted');
    },
  );
});

/** Every ASCII word the zh-CN dictionaries themselves use (AppKey, IP, ID, DingTalk names…). */
function asciiWords(text: string): Set<string> {
  return new Set(text.match(/[A-Za-z]{2,}/g) ?? []);
}

function translateSentence(lang: UiLanguage, check: DoctorCheck): string {
  const line = reportText(tr(lang), null, { ...reports.allPass, checks: [check] })
    .split('\n')
    .find((l, i, all) => i > 0 && all[i - 1]?.startsWith('['));
  return (line ?? '').trim();
}

describe('the report for IT is in one language', () => {
  // Snapshots and reports of every mode, with a signed-out reason and a background error.
  const snapshots: Snapshot[] = [
    fixtures.backgroundError,
    { ...fixtures.serverBeforeWork, connection: { ...fixtures.serverBeforeWork.connection } },
    {
      ...fixtures.beforeWork,
      secretStorage: { kind: 'basicText', weakAccepted: false, memoryOnly: true },
    },
  ];
  const allReports = Object.values(reports);
  const texts = (lang: UiLanguage) =>
    snapshots.flatMap((s) => allReports.map((r) => reportText(tr(lang), s, r)));
  /** What the report may carry verbatim: ids, codes, scopes, addresses, names from the data. */
  const data = asciiWords(
    JSON.stringify([
      snapshots.map((s) => [
        s.connection,
        s.identity,
        s.lastError,
        s.platform,
        s.mode,
        s.appKeyMasked,
        s.version,
        s.quota.month,
        s.secretStorage.kind,
      ]),
      allReports,
    ]),
  );
  const zhOwn = asciiWords(JSON.stringify([zhHome, zhCNErrors, zhCNViews]));

  it('zh-CN: no English word that is not a code or data', () => {
    const english = new Set<string>();
    for (const text of texts('zh-CN')) {
      for (const word of asciiWords(text))
        if (!data.has(word) && !zhOwn.has(word)) english.add(word);
    }
    // Check ids and statuses are codes too.
    for (const code of ['pass', 'fail', 'warn', 'skipped', 'direct', 'server', 'configured'])
      english.delete(code);
    expect([...english]).toEqual([]);
  });

  it('en: no Chinese character outside the data (a person’s name)', () => {
    const names = new Set(snapshots.flatMap((s) => (s.identity?.name ? [s.identity.name] : [])));
    for (const r of allReports) for (const c of r.checks) if (c.subject) names.add(c.subject);
    for (let text of texts('en')) {
      for (const name of names) text = text.split(name).join('');
      expect(text).not.toMatch(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/);
    }
  });

  it('carries no dictionary string of the other language', () => {
    const strings = (o: object): string[] =>
      Object.values(o).flatMap((v) => (typeof v === 'string' ? [v] : strings(v as object)));
    // Phrases, not single words that a code may contain (secretStorage).
    const long = (list: string[]) =>
      list.filter((s) => s.length >= 6 && !s.includes('{{') && /[\s，、（]/.test(s));
    const enAll = strings(enViews.doctor).concat(strings(enViews.report));
    const zhAll = strings(zhCNViews.doctor).concat(strings(zhCNViews.report));
    // Words both languages spell alike (AppKey) are no leak.
    const enStrings = long(enAll).filter((s) => !zhAll.includes(s));
    const zhStrings = long(zhAll).filter((s) => !enAll.includes(s));
    for (const text of texts('zh-CN')) for (const s of enStrings) expect(text).not.toContain(s);
    for (const text of texts('en')) for (const s of zhStrings) expect(text).not.toContain(s);
  });
});
