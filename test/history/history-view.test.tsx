// @vitest-environment happy-dom
/**
 * The history view (a lazy chunk) against the mock bridge, in zh-CN and en: the
 * month's totals, the calendar coloured by each day's mark, a day's check points
 * (numbered on a split shift), rest and leave, the 补卡 hint on a 缺卡 or 早退
 * day, the week view, moving between months and the CSV export.
 */
import '@testing-library/jest-dom/vitest';
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { HistoryMonth } from '../../shared/history';
import { fixtures, withUi } from '../renderer/fixtures';
import { fail, ok } from '../renderer/mock-bridge';
import { renderApp } from '../renderer/render';
import { novemberMonth } from './month-fixture';

async function openHistory(
  language: 'zh-CN' | 'en' = 'zh-CN',
  month: HistoryMonth = novemberMonth(),
) {
  const snapshot = withUi(fixtures.beforeWork, { language });
  const rendered = renderApp(snapshot, {
    setup: (mock) =>
      mock.reply('history', (request) =>
        ok(
          request?.month === month.month
            ? month
            : { ...month, month: request?.month ?? month.month, days: [] },
        ),
      ),
  });
  await screen.findByRole('heading', { level: 1 });
  act(() => rendered.mock.emit('navigate', { view: 'history' }));
  await screen.findByRole('heading', {
    level: 1,
    name: language === 'zh-CN' ? '考勤记录' : 'Attendance history',
  });
  await screen.findByRole('table');
  return rendered;
}

const cell = (name: RegExp) => screen.getByRole('button', { name });

describe('history view (zh-CN)', () => {
  it('asks main for the current month and shows its totals', async () => {
    const { mock } = await openHistory();
    expect(mock.requests('history')).toEqual([{ month: '2026-11', refresh: false }]);
    const totals = screen.getByRole('region', { name: '本月统计' });
    const value = (label: string) =>
      within(totals).getByText(label).nextElementSibling?.textContent;
    expect(value('迟到')).toBe('1 次');
    expect(value('早退')).toBe('1 次');
    expect(value('缺卡')).toBe('1 次');
    expect(value('出勤')).toBe('19 天');
  });

  it('colours the calendar like DingTalk: rest, leave, late, missed, early, the worked Saturday', async () => {
    await openHistory();
    expect(cell(/11月16日.*休息/)).toHaveClass('hcell-rest');
    expect(cell(/11月18日.*请假/)).toHaveClass('hcell-leave');
    expect(cell(/11月5日.*迟到/)).toHaveClass('hcell-late');
    expect(cell(/11月10日.*缺卡/)).toHaveClass('hcell-missed');
    expect(cell(/11月12日.*早退/)).toHaveClass('hcell-early');
    expect(cell(/11月14日.*正常/)).toHaveClass('hcell-normal');
    expect(cell(/11月15日.*休息/)).toHaveClass('hcell-rest');
    // Days to come are not shown as anything.
    expect(screen.getByRole('button', { name: /11月30日/ })).toBeDisabled();
  });

  it('shows a missed day with the way to DingTalk’s 补卡, and none on a late day', async () => {
    const { user } = await openHistory();
    await user.click(cell(/11月10日/));
    const day = screen.getByRole('region', { name: /11月10日/ });
    expect(within(day).getByText('缺卡', { selector: '.hpoint-result' })).toBeInTheDocument();
    expect(within(day).getByText('需要补卡')).toBeInTheDocument();
    expect(
      within(day).getByText(/工作台 → 考勤打卡 → 统计 → 点这一天 → 补卡申请/),
    ).toBeInTheDocument();

    await user.click(cell(/11月12日/));
    expect(
      within(screen.getByRole('region', { name: /11月12日/ })).getByText('需要补卡'),
    ).toBeInTheDocument();

    await user.click(cell(/11月5日/));
    const late = screen.getByRole('region', { name: /11月5日/ });
    expect(within(late).getByText('09:45')).toBeInTheDocument();
    expect(within(late).queryByText('需要补卡')).not.toBeInTheDocument();
  });

  it('numbers a split shift 上班1 / 下班1 / 上班2 / 下班2', async () => {
    const { user } = await openHistory();
    await user.click(cell(/11月20日/));
    const day = screen.getByRole('region', { name: /11月20日/ });
    expect(
      within(day)
        .getAllByRole('listitem')
        .map((li) => li.querySelector('.hpoint-type')?.textContent),
    ).toEqual(['上班1', '下班1', '上班2', '下班2']);
    expect(within(day).getByText('工作 7小时39分')).toBeInTheDocument();
  });

  it('shows the week of the selected day, rest and leave as such', async () => {
    const { user } = await openHistory();
    await user.click(cell(/11月18日/));
    await user.click(screen.getByRole('button', { name: '周' }));
    const week = screen.getByRole('region', { name: '周' });
    const days = within(week).getAllByRole('heading', { level: 3 });
    expect(days).toHaveLength(7);
    expect(days[0]).toHaveTextContent('11月16日');
    expect(days[0]).toHaveTextContent('休息');
    expect(days[2]).toHaveTextContent('请假');
    await user.click(screen.getByRole('button', { name: '上一周' }));
    expect(
      within(screen.getByRole('region', { name: '周' })).getAllByRole('heading', { level: 3 })[5],
    ).toHaveTextContent('正常');
  });

  it('moves to the previous month (and not beyond this one)', async () => {
    const { user, mock } = await openHistory();
    expect(screen.getByRole('button', { name: '下个月' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: '上个月' }));
    await expect
      .poll(() => mock.requests('history').at(-1))
      .toEqual({ month: '2026-10', refresh: false });
  });

  it('exports the month in the popup’s language and says where it went', async () => {
    const { user, mock } = await openHistory();
    mock.reply('exportHistory', ok({ kind: 'saved', path: '/home/zw/daka-zhangwei-2026-11.csv' }));
    await user.click(screen.getByRole('button', { name: '导出 CSV' }));
    expect(
      await screen.findByText('已保存到 /home/zw/daka-zhangwei-2026-11.csv'),
    ).toBeInTheDocument();
    expect(mock.requests('exportHistory')).toEqual([{ month: '2026-11', language: 'zh-CN' }]);
  });

  it('says why when the month cannot be read (budget mode)', async () => {
    const snapshot = fixtures.beforeWork;
    const rendered = renderApp(snapshot, {
      setup: (mock) => mock.reply('history', fail('budgetExceeded')),
    });
    await screen.findByRole('heading', { level: 1 });
    act(() => rendered.mock.emit('navigate', { view: 'history' }));
    expect(await screen.findByRole('alert')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});

describe('history view (en)', () => {
  it('speaks English: totals, marks and the make-up hint', async () => {
    const { user } = await openHistory('en');
    const totals = screen.getByRole('region', { name: 'This month' });
    expect(within(totals).getByText('Days worked').nextElementSibling).toHaveTextContent('19 d');
    expect(cell(/Tue 10 November · Missed/)).toHaveClass('hcell-missed');
    await user.click(cell(/Tue 10 November/));
    expect(screen.getByText('Needs a make-up punch (补卡)')).toBeInTheDocument();
    expect(screen.getByText(/Workbench \(工作台\) → Attendance \(考勤打卡\)/)).toBeInTheDocument();
    await user.click(cell(/Fri 20 November/));
    const day = screen.getByRole('region', { name: /Fri 20 November/ });
    expect(
      within(day)
        .getAllByRole('listitem')
        .map((li) => li.querySelector('.hpoint-type')?.textContent),
    ).toEqual(['Clock in 1', 'Clock out 1', 'Clock in 2', 'Clock out 2']);
  });
});
