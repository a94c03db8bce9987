// @vitest-environment happy-dom
/**
 * The button says what DingTalk's does (issue #10 items 1-5): 早退打卡 in a warning
 * colour that asks first, 迟到打卡 with how late, 更新打卡 after clocking out while the
 * window is open, the repeat clock-in question that says it changes nothing, and the
 * time a window opens. zh-CN and en.
 */
import '@testing-library/jest-dom/vitest';
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { at, clockedOutEarlyDay, day, done, fixtures, outcomes, withUi } from './fixtures';
import { ok } from './mock-bridge';
import { renderApp } from './render';

process.env.TZ = 'America/Los_Angeles';

const primary = () => document.querySelector('section.primary') as HTMLElement;
const en = <T extends Parameters<typeof withUi>[0]>(s: T) => withUi(s, { language: 'en' });

describe('early clock-out (早退打卡)', () => {
  it('zh-CN: warns, asks, and punches only on the second click; the result is not a green ✓', async () => {
    const { mock, user } = renderApp(fixtures.atWork, { now: at('17:00') });
    const button = await screen.findByRole('button', { name: '早退打卡' });
    expect(button).toHaveClass('punch-warn');
    expect(primary()).toHaveTextContent('计划 18:00，现在打卡早退 60 分钟');

    mock.reply('punch', ok(outcomes.needsEarly));
    await user.click(button);
    const alert = await within(primary()).findByRole('alert');
    expect(alert).toHaveTextContent('还没到下班时间（18:00）');
    expect(alert).toHaveTextContent('现在打卡记为早退，确定吗？');

    mock.reply('punch', ok(outcomes.punchedEarly));
    act(() => mock.emit('snapshot', { ...fixtures.allDone, today: clockedOutEarlyDay() }));
    await user.click(within(alert).getByRole('button', { name: '早退打卡' }));
    expect(mock.requests('punch')).toEqual([{ confirm: false }, { confirm: true }]);
    await within(primary()).findByText('早退', { selector: '.badge' });
    expect(primary().querySelector('.done-mark')).toHaveClass('done-warn');
  });

  it('en: Clock out early, then its question', async () => {
    const { mock, user } = renderApp(en(fixtures.atWork), { now: at('17:00') });
    const button = await screen.findByRole('button', { name: 'Clock out early' });
    expect(button).toHaveClass('punch-warn');
    expect(primary()).toHaveTextContent('Planned 18:00: this is 60 min early');
    mock.reply('punch', ok(outcomes.needsEarly));
    await user.click(button);
    expect(await within(primary()).findByRole('alert')).toHaveTextContent(
      'It is before your clock-out time (18:00)',
    );
  });
});

describe('late clock-in (迟到打卡)', () => {
  it('zh-CN: says how late, with the estimate', async () => {
    renderApp(fixtures.beforeWork, { now: at('09:12') });
    expect(await screen.findByRole('button', { name: '迟到打卡' })).toHaveClass('punch-warn');
    expect(primary()).toHaveTextContent('计划 09:00，已迟到 12 分钟');
    expect(within(primary()).getByText('迟到', { selector: '.badge' })).toBeInTheDocument();
  });

  it('en: Clock in late', async () => {
    renderApp(en(fixtures.beforeWork), { now: at('09:12') });
    expect(await screen.findByRole('button', { name: 'Clock in late' })).toBeInTheDocument();
    expect(primary()).toHaveTextContent('Planned 09:00: late by 12 min');
  });

  it('on time is the plain button', async () => {
    renderApp(fixtures.beforeWork, { now: at('09:00') });
    expect(await screen.findByRole('button', { name: '上班打卡' })).not.toHaveClass('punch-warn');
  });
});

describe('update the clock-out (更新打卡)', () => {
  const clockedOut = { ...fixtures.allDone, today: clockedOutEarlyDay() };

  it('zh-CN: the latest clock-out counts, and it can be punched again while the window is open', async () => {
    const { mock, user } = renderApp(clockedOut, { now: at('17:30') });
    const update = await screen.findByRole('button', { name: '更新打卡' });
    expect(primary()).toHaveTextContent('以最后一次下班卡为准，23:59 前可更新');
    mock.reply('punch', ok(outcomes.punchedOffDuty));
    await user.click(update);
    expect(mock.requests('punch')).toEqual([{ confirm: false }]);
    // main's day then shows the latest punch and its result, not the first one's 早退.
    act(() =>
      mock.emit('snapshot', {
        ...clockedOut,
        today: day({
          checkPoints: [
            done('OnDuty', '09:00', '08:57'),
            {
              ...done('OffDuty', '18:00', '18:04', 'Normal'),
              window: { from: at('13:30'), to: at('23:59') },
            },
          ],
          next: null,
        }),
      }),
    );
    expect(await within(primary()).findByText('正常', { selector: '.badge' })).toBeInTheDocument();
    expect(primary()).toHaveTextContent('18:04 打卡');
    expect(primary()).not.toHaveTextContent('早退');
  });

  it('en: Update clock-out', async () => {
    renderApp(en(clockedOut), { now: at('17:30') });
    expect(await screen.findByRole('button', { name: 'Update clock-out' })).toBeInTheDocument();
  });

  it('not once the window has closed', async () => {
    renderApp(clockedOut, { now: '2026-11-27T23:59:30+08:00' });
    await screen.findByText('今天的卡都打完了');
    expect(screen.queryByRole('button', { name: '更新打卡' })).not.toBeInTheDocument();
  });
});

describe('a repeat clock-in (DingTalk keeps the first)', () => {
  it('zh-CN and en: the question says another one changes nothing', async () => {
    const { mock, user, unmount } = renderApp(fixtures.beforeWork);
    mock.reply('punch', ok(outcomes.needsConfirmation));
    await user.click(await screen.findByRole('button', { name: '上班打卡' }));
    expect(await within(primary()).findByRole('alert')).toHaveTextContent(
      '钉钉以第一次上班卡为准，再打一次不会改变结果。',
    );
    unmount();
    const second = renderApp(en(fixtures.beforeWork));
    second.mock.reply('punch', ok(outcomes.needsConfirmation));
    await second.user.click(await screen.findByRole('button', { name: 'Clock in' }));
    expect(await within(primary()).findByRole('alert')).toHaveTextContent(
      'DingTalk keeps your first clock-in: another one changes nothing.',
    );
  });
});

describe('before the window opens', () => {
  it('says when it opens (13:30 起可以打卡), disabled', async () => {
    const today = fixtures.atWork.today;
    if (!today) throw new Error('fixture without a day');
    const windowed = {
      ...fixtures.atWork,
      today: {
        ...today,
        checkPoints: today.checkPoints.map((c) =>
          c.type === 'OffDuty' ? { ...c, window: { from: at('13:30'), to: at('23:59') } } : c,
        ),
      },
    };
    renderApp(windowed, { now: at('12:00') });
    expect(await screen.findByRole('button', { name: '下班打卡' })).toBeDisabled();
    expect(primary()).toHaveTextContent('13:30 起可以打卡');
  });
});
