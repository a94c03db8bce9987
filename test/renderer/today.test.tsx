// @vitest-environment happy-dom
import '@testing-library/jest-dom/vitest';
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { at, atWorkDay, fixtures, outcomes, snapshot } from './fixtures';
import { fail, ok } from './mock-bridge';
import { renderApp } from './render';

// The machine runs in another zone than the organisation: every time shown must be Shanghai's.
process.env.TZ = 'America/Los_Angeles';

const primary = () => document.querySelector('section.primary') as HTMLElement;

describe('Today: the next action', () => {
  it('shows a skeleton, not a button, until the snapshot arrives', async () => {
    const { mock } = renderApp(fixtures.beforeWork, {
      setup: (m) => void m.hold('getSnapshot'),
    });
    await screen.findByRole('heading', { level: 1, name: '今天' });
    expect(primary()).toHaveAttribute('aria-busy', 'true');
    expect(screen.queryByRole('button', { name: '上班打卡' })).not.toBeInTheDocument();
    expect(screen.getByRole('list', { name: '今日打卡' })).toHaveAttribute('aria-busy', 'true');
    act(() => mock.emit('snapshot', fixtures.beforeWork));
    expect(await screen.findByRole('button', { name: '上班打卡' })).toBeEnabled();
  });

  it('offers clock-in with the planned time in the organisation’s zone', async () => {
    renderApp(fixtures.beforeWork);
    expect(await screen.findByRole('button', { name: '上班打卡' })).toBeEnabled();
    expect(within(primary()).getByText('计划 09:00')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('11月27日周五');
    expect(screen.getByText('正常班 A')).toBeInTheDocument();
  });

  it('offers clock-out once clocked in', async () => {
    renderApp(fixtures.atWork);
    expect(await screen.findByRole('button', { name: '下班打卡' })).toBeEnabled();
    expect(within(primary()).getByText('计划 18:00')).toBeInTheDocument();
  });

  it('disables the button while punching, then confirms with the time and result', async () => {
    const { mock, user } = renderApp(fixtures.beforeWork);
    const punch = mock.hold('punch');
    await user.click(await screen.findByRole('button', { name: '上班打卡' }));
    await punch.called;
    const busy = screen.getByRole('button', { name: /正在打卡/ });
    expect(busy).toBeDisabled();
    expect(busy).toHaveAttribute('aria-busy', 'true');
    expect(mock.requests('punch')).toEqual([{ confirm: false }]);

    await act(async () => punch.release(ok(outcomes.punchedOnDuty)));
    const status = within(primary()).getByRole('status');
    expect(status).toHaveTextContent('上班打卡成功');
    expect(status).toHaveTextContent('08:58 打卡');

    act(() => mock.emit('snapshot', fixtures.atWork));
    expect(within(primary()).getByText('正常')).toBeInTheDocument();
    expect(within(primary()).getByText('下一次：下班 18:00')).toBeInTheDocument();
  });

  it('asks before a duplicate punch, naming the earlier time, and confirms on the second click', async () => {
    const { mock, user } = renderApp(fixtures.beforeWork);
    mock.reply('punch', ok(outcomes.needsConfirmation));
    await user.click(await screen.findByRole('button', { name: '上班打卡' }));
    const alert = await within(primary()).findByRole('alert');
    expect(alert).toHaveTextContent('08:57 已经打过上班卡');

    mock.reply('punch', ok(outcomes.punchedOnDuty));
    await user.click(screen.getByRole('button', { name: '仍要打卡' }));
    expect(mock.requests('punch')).toEqual([{ confirm: false }, { confirm: true }]);
    expect(await within(primary()).findByText('上班打卡成功')).toBeInTheDocument();
  });

  it('lets the employee back out of the confirmation', async () => {
    const { mock, user } = renderApp(fixtures.beforeWork);
    mock.reply('punch', ok(outcomes.needsConfirmation));
    await user.click(await screen.findByRole('button', { name: '上班打卡' }));
    await user.click(await screen.findByRole('button', { name: '取消' }));
    expect(screen.getByRole('button', { name: '上班打卡' })).toBeEnabled();
    expect(mock.requests('punch')).toHaveLength(1);
  });

  it('shows a queued punch with its original time before the snapshot catches up', async () => {
    const { mock, user } = renderApp(fixtures.beforeWork);
    mock.reply('punch', ok(outcomes.queued));
    await user.click(await screen.findByRole('button', { name: '上班打卡' }));
    expect(await screen.findByText('还没发到钉钉，联网后会自动补发')).toBeInTheDocument();
    expect(screen.getByText('上班打卡 · 08:58')).toBeInTheDocument();
    expect(await screen.findByText('连不上钉钉')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '立即发送' }));
    expect(mock.requests('outboxSend')).toEqual([{ id: 'intent-0011' }]);
  });

  it('sends a held punch now, keeping its time', async () => {
    const { mock, user } = renderApp(fixtures.held);
    mock.reply('outboxSend', ok({ ...outcomes.punchedOnDuty, at: at('08:57') }));
    expect(await screen.findByText('上班打卡 · 08:57')).toBeInTheDocument();
    expect(screen.getByText(/离线时间太长，打卡已暂存，请确认是否发送/)).toHaveTextContent(
      '（另有 1 条待发送）',
    );
    await user.click(screen.getByRole('button', { name: '立即发送' }));
    expect(mock.requests('outboxSend')).toEqual([{ id: 'intent-0001' }]);
    act(() => mock.emit('snapshot', fixtures.atWork));
    expect(await within(primary()).findByText('上班打卡成功')).toBeInTheDocument();
    expect(within(primary()).getByText('08:57 打卡')).toBeInTheDocument();
  });

  it('discards a held punch only after confirming', async () => {
    const { mock, user } = renderApp(fixtures.held);
    await user.click(await screen.findByRole('button', { name: '丢弃' }));
    expect(screen.getByText('丢弃后这次打卡不会发送到钉钉。')).toBeInTheDocument();
    expect(mock.requests('outboxDiscard')).toEqual([]);
    mock.reply('outboxDiscard', ok(fixtures.beforeWork));
    await user.click(screen.getByRole('button', { name: '确认丢弃' }));
    expect(mock.requests('outboxDiscard')).toEqual([{ id: 'intent-0001' }]);
    expect(await screen.findByRole('button', { name: '上班打卡' })).toBeEnabled();
  });

  it('shows a punch being sent without buttons to press', async () => {
    renderApp(fixtures.sending);
    expect(await screen.findByText('正在发送到钉钉…')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '立即发送' })).toBeDisabled();
    expect(screen.getByRole('button', { name: '丢弃' })).toBeDisabled();
  });

  it('explains reminder-only mode with the reason from the snapshot', async () => {
    renderApp(fixtures.unavailable);
    expect(await screen.findByText('仅提醒模式')).toBeInTheDocument();
    expect(await screen.findByText('管理员没有开启电脑打卡')).toBeInTheDocument();
    expect(screen.getByText('Daka 会照常提醒你，请在钉钉 App 里打卡')).toBeInTheDocument();
    expect(screen.getByText('下一次：上班 09:00')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '上班打卡' })).not.toBeInTheDocument();
  });

  it('turns a failed punch into the translated message, the fix and a way to the doctor', async () => {
    const { mock, user } = renderApp(fixtures.beforeWork);
    mock.reply('punch', fail('ipNotWhitelisted', { ip: '203.0.113.7' }));
    await user.click(await screen.findByRole('button', { name: '上班打卡' }));
    const alert = await screen.findByRole('alert', { busy: false });
    expect(alert).toHaveTextContent('公司的 IP 白名单不包含出口 IP 203.0.113.7');
    expect(alert).toHaveTextContent('请管理员在钉钉开发者后台把 203.0.113.7 加入应用的 IP 白名单');
    await user.click(within(alert).getByRole('button', { name: '打开诊断' }));
    expect(await screen.findByRole('heading', { level: 1, name: '诊断' })).toBeInTheDocument();
  });

  it('retries a failed punch from the error', async () => {
    const { mock, user } = renderApp(fixtures.beforeWork);
    mock.reply('punch', fail('timeout'));
    await user.click(await screen.findByRole('button', { name: '上班打卡' }));
    expect(await screen.findByText('钉钉响应超时')).toBeInTheDocument();
    mock.reply('punch', ok(outcomes.punchedOnDuty));
    await user.click(screen.getByRole('button', { name: '重试' }));
    expect(await within(primary()).findByText('上班打卡成功')).toBeInTheDocument();
  });

  it('treats an "unavailable" outcome as an error with its reason', async () => {
    const { mock, user } = renderApp(fixtures.beforeWork);
    mock.reply('punch', ok(outcomes.unavailable));
    await user.click(await screen.findByRole('button', { name: '上班打卡' }));
    expect(await screen.findByRole('alert', { busy: false })).toHaveTextContent(
      '管理员没有开启电脑打卡',
    );
  });

  it('has no button on a rest day and names the next workday', async () => {
    renderApp(fixtures.restDay);
    expect(await screen.findByText('今天休息')).toBeInTheDocument();
    expect(screen.getByText('下一个工作日：11月30日周一')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /打卡/ })).not.toBeInTheDocument();
  });

  it('has no button on approved leave', async () => {
    renderApp(fixtures.onLeave);
    expect(await screen.findByText('今天已请假')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /打卡/ })).not.toBeInTheDocument();
  });

  it('says so when every check point of the day is done', async () => {
    renderApp(fixtures.allDone);
    await screen.findByText('今天的卡都打完了');
    const status = within(primary()).getByRole('status');
    expect(status).toHaveTextContent('下班 · 18:06 打卡');
  });

  it('says the day is over when the check points passed without punches', async () => {
    renderApp(fixtures.missedDay);
    expect(await screen.findByText('今天的打卡时间已经过了')).toBeInTheDocument();
  });

  it('shows the reason when the day could not be loaded', async () => {
    renderApp(fixtures.noDayError);
    expect(await screen.findByRole('alert', { busy: false })).toHaveTextContent('连不上钉钉');
    // No loading placeholders beside an error: the timeline says it has nothing to show.
    const timeline = screen.getByRole('list', { name: '今日打卡' });
    expect(timeline).toHaveAttribute('aria-busy', 'false');
    expect(timeline).toHaveTextContent('暂时看不到今天的打卡情况');
  });

  it('shows an error when even the snapshot cannot be read', async () => {
    renderApp(null, { setup: (m) => m.reply('getSnapshot', fail('internal')) });
    expect(await screen.findByRole('alert', { busy: false })).toHaveTextContent('Daka 出了点问题');
  });

  it('marks a fallback schedule discreetly', async () => {
    renderApp(fixtures.fallback);
    const badge = await screen.findByText('默认作息');
    expect(badge).toHaveAttribute('title', '钉钉里没有你今天的排班，按设置里的默认作息计算');
  });
});

describe('Today: timeline', () => {
  it('lists each check point with planned time, punch time, result and source', async () => {
    renderApp(fixtures.lateWithInvalid);
    const list = await screen.findByRole('list', { name: '今日打卡' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent('上班');
    expect(rows[0]).toHaveTextContent('计划 09:00');
    expect(rows[0]).toHaveTextContent('实际 09:12');
    expect(within(rows[0] as HTMLElement).getByText('迟到')).toHaveClass('badge-warn');
    expect(rows[0]).toHaveTextContent('钉钉 App');
    expect(rows[1]).toHaveTextContent('下班');
    expect(rows[1]).toHaveTextContent('未打卡');
  });

  it('marks invalid records with DingTalk’s reason', async () => {
    renderApp(fixtures.lateWithInvalid);
    const list = await screen.findByRole('list', { name: '今日打卡' });
    const invalid = within(list).getAllByRole('listitem')[2] as HTMLElement;
    expect(within(invalid).getByText('无效')).toBeInTheDocument();
    expect(invalid).toHaveTextContent('09:06');
    expect(invalid).toHaveTextContent('不在考勤范围内（距离公司 1.2 公里）');
  });

  it('calls punches this install uploaded "Daka"', async () => {
    renderApp(fixtures.allDone);
    const rows = within(await screen.findByRole('list', { name: '今日打卡' })).getAllByRole(
      'listitem',
    );
    expect(rows[0]).toHaveTextContent('来源 Daka');
    expect(rows[1]).toHaveTextContent('来源 钉钉 App');
  });

  it('marks a result Daka estimated until DingTalk evaluates it', async () => {
    renderApp(fixtures.provisional);
    const badge = await screen.findByText('正常');
    expect(badge).toHaveClass('badge-provisional');
    expect(badge).toHaveAttribute('title', '预估结果，钉钉尚未核定');
  });

  it('shows the missed check points of a past day', async () => {
    renderApp(fixtures.missedDay);
    const list = await screen.findByRole('list', { name: '今日打卡' });
    expect(within(list).getAllByText('缺卡')).toHaveLength(2);
  });

  it('shows when the day was fetched and refreshes on request', async () => {
    const { mock, user } = renderApp(fixtures.beforeWork);
    expect(await screen.findByText('08:41 更新')).toBeInTheDocument();
    mock.reply('refresh', ok(snapshot({ today: atWorkDay({ fetchedAt: at('09:30') }) })));
    await user.click(screen.getByRole('button', { name: '刷新' }));
    expect(mock.requests('refresh')).toHaveLength(1);
    expect(await screen.findByText('09:30 更新')).toBeInTheDocument();
  });

  it('says calmly when a refresh is refused as too soon', async () => {
    const { mock, user } = renderApp(fixtures.beforeWork);
    mock.reply('refresh', fail('refreshTooSoon', { retryAfter: 42 }));
    await user.click(await screen.findByRole('button', { name: '刷新' }));
    const note = await screen.findByText('刚刚刷新过');
    expect(note.closest('[role="status"]')).toHaveTextContent('42 秒后可以再刷新');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says when budget mode refuses a refresh', async () => {
    const { mock, user } = renderApp(fixtures.budget);
    mock.reply('refresh', fail('budgetExceeded'));
    await user.click(await screen.findByRole('button', { name: '刷新' }));
    expect(await screen.findByText('本月调用已达上限，Daka 正在节流')).toBeInTheDocument();
  });

  it('disables refresh while main is refreshing', async () => {
    renderApp({ ...fixtures.beforeWork, refreshing: true });
    expect(await screen.findByRole('button', { name: '刷新' })).toBeDisabled();
    expect(screen.getByText('正在刷新…')).toBeInTheDocument();
  });

  it('surfaces the last background error with a way to the doctor', async () => {
    const { user } = renderApp(fixtures.backgroundError);
    const alert = await screen.findByRole('alert', { busy: false });
    expect(alert).toHaveTextContent('公司的 IP 白名单不包含出口 IP 203.0.113.7');
    await user.click(within(alert).getByRole('button', { name: '打开诊断' }));
    expect(await screen.findByRole('heading', { level: 1, name: '诊断' })).toBeInTheDocument();
  });
});

describe('Today: reminder and footer', () => {
  it('snoozes or silences a showing reminder', async () => {
    const { mock, user } = renderApp(fixtures.reminder);
    expect(await screen.findByText('下班了，别忘了打卡')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '10 分钟后提醒' }));
    await user.click(screen.getByRole('button', { name: '今天不再提醒' }));
    expect(mock.requests('snooze')).toHaveLength(1);
    expect(mock.requests('notToday')).toHaveLength(1);
  });

  it('says until when reminders are snoozed', async () => {
    renderApp({ ...fixtures.atWork, snoozedUntil: at('18:20') });
    expect(await screen.findByText('提醒已推迟到 18:20')).toBeInTheDocument();
  });

  it('marks budget mode, demo mode and being offline', async () => {
    const { unmount } = renderApp(fixtures.budget);
    expect(await screen.findByText('本月查询额度已用完，状态暂不刷新')).toBeInTheDocument();
    unmount();
    renderApp(fixtures.demo);
    expect(await screen.findByText('演示')).toHaveAttribute(
      'title',
      '演示模式：数据来自本机模拟的钉钉，不会真的打卡',
    );
    expect(screen.getByText('离线')).toBeInTheDocument();
  });

  it('opens settings and the doctor from the … menu, not twice from the footer too', async () => {
    const { user } = renderApp(fixtures.beforeWork);
    await user.click(await screen.findByRole('button', { name: '更多' }));
    expect(
      within(document.querySelector('footer') as HTMLElement).queryByRole('button'),
    ).toBeNull();
    await user.click(await screen.findByRole('menuitem', { name: '设置' }));
    expect(await screen.findByRole('heading', { level: 1, name: '设置' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '返回' }));
    await user.click(await screen.findByRole('button', { name: '更多' }));
    await user.click(await screen.findByRole('menuitem', { name: '诊断' }));
    expect(await screen.findByRole('heading', { level: 1, name: '诊断' })).toBeInTheDocument();
  });
});
