// @vitest-environment happy-dom
/**
 * Issue #11, "Now": the time on the punch card, hours worked and the time left
 * until the planned clock-out, the next reminder, "not today" undone, and a
 * footer without call counts. In zh-CN and en.
 */
import '@testing-library/jest-dom/vitest';
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Snapshot } from '../../shared/contract';
import { at, fixtures, outcomes, settings } from './fixtures';
import { ok } from './mock-bridge';
import { renderApp } from './render';

process.env.TZ = 'America/Los_Angeles';

type Lang = 'zh-CN' | 'en';
const LANGS: readonly Lang[] = ['zh-CN', 'en'];
const inLang = (s: Snapshot, language: Lang): Snapshot => ({
  ...s,
  settings: settings({ ui: { language } }),
});
const say = (lang: Lang, zh: string, en: string) => (lang === 'zh-CN' ? zh : en);
const nowLine = () => document.querySelector('.primary .now') as HTMLElement;
const clockAt = (hhmm: string, seconds = '00') => `2026-11-27T${hhmm}:${seconds}+08:00`;

describe.each(LANGS)('Now on the punch card (%s)', (lang) => {
  it('before clocking in: the time only', async () => {
    renderApp(inLang(fixtures.beforeWork, lang), { now: clockAt('08:30') });
    await screen.findByRole('button', { name: say(lang, '上班打卡', 'Clock in') });
    expect(nowLine()).toHaveTextContent(/^08:30$/);
  });

  it('after clocking in: hours worked and the time left until the planned clock-out', async () => {
    // Clocked in at 08:57; 16:35 is 7 h 38 min later and 1 h 25 min before 18:00.
    renderApp(inLang(fixtures.atWork, lang), { now: clockAt('16:35', '40') });
    await screen.findByText(say(lang, '距下班 1小时25分', '1 h 25 min to go'));
    expect(within(nowLine()).getByText('16:35')).toHaveClass('now-clock');
    expect(nowLine()).toHaveTextContent(say(lang, '已工作 7小时38分', '7 h 38 min worked'));
  });

  it('under an hour left: minutes only', async () => {
    renderApp(inLang(fixtures.atWork, lang), { now: clockAt('17:18') });
    expect(await screen.findByText(say(lang, '距下班 42分钟', '42 min to go'))).toBeVisible();
  });

  it('a whole hour reads without "0 min"', async () => {
    // 17:00 is 1 h before 18:00; 09:57 is 1 h after the 08:57 clock-in.
    renderApp(inLang(fixtures.atWork, lang), { now: clockAt('17:00') });
    await screen.findByText(say(lang, '距下班 1小时', '1 h to go'));
    expect(nowLine()).toHaveTextContent(say(lang, '已工作 8小时3分', '8 h 3 min worked'));
  });

  it('a whole hour worked reads without "0 min" too', async () => {
    renderApp(inLang(fixtures.atWork, lang), { now: clockAt('09:57') });
    await screen.findByText(say(lang, '已工作 1小时', '1 h worked'));
    expect(nowLine()).toHaveTextContent(say(lang, '距下班 8小时3分', '8 h 3 min to go'));
  });

  it('once the planned clock-out is due: time to go', async () => {
    renderApp(inLang(fixtures.atWork, lang), { now: clockAt('18:00') });
    const due = await screen.findByText(say(lang, '可以下班了', 'Time to go'));
    expect(due).toHaveClass('now-due');
    expect(nowLine()).toHaveTextContent(say(lang, '已工作 9小时3分', '9 h 3 min worked'));
    expect(nowLine()).not.toHaveTextContent(say(lang, '距下班', 'min to go'));
  });

  it('after clocking out: the day’s hours, no countdown', async () => {
    // 08:57 to 18:06.
    renderApp(inLang(fixtures.allDone, lang), { now: clockAt('18:30') });
    await screen.findByText(say(lang, '今天的卡都打完了', 'All punches done for today'));
    expect(nowLine()).toHaveTextContent(say(lang, '已工作 9小时9分', '9 h 9 min worked'));
    expect(nowLine()).not.toHaveTextContent(say(lang, '可以下班了', 'Time to go'));
  });

  it('follows the clock on the minute, with one timer', async () => {
    renderApp(inLang(fixtures.atWork, lang), withTimers(clockAt('16:35', '30')));
    await settle();
    expect(nowLine()).toHaveTextContent(say(lang, '距下班 1小时25分', '1 h 25 min to go'));
    expect(vi.getTimerCount()).toBe(1);
    act(() => vi.advanceTimersByTime(29_999));
    expect(nowLine()).toHaveTextContent('16:35');
    act(() => vi.advanceTimersByTime(1));
    expect(nowLine()).toHaveTextContent('16:36');
    expect(nowLine()).toHaveTextContent(say(lang, '距下班 1小时24分', '1 h 24 min to go'));
    expect(vi.getTimerCount()).toBe(1);
    // Each tick sets the next one: 84 more minutes to 18:00.
    for (let i = 0; i < 84; i++) act(() => vi.advanceTimersByTime(60_000));
    expect(vi.getTimerCount()).toBe(1);
    expect(nowLine()).toHaveTextContent(say(lang, '可以下班了', 'Time to go'));
  });

  it('when the popup shows again, reads the clock at once', async () => {
    renderApp(inLang(fixtures.atWork, lang), { now: clockAt('16:35') });
    await screen.findByText(say(lang, '距下班 1小时25分', '1 h 25 min to go'));
    act(() => {
      vi.setSystemTime(Date.parse(clockAt('17:50')));
      document.dispatchEvent(new Event('visibilitychange'));
    });
    expect(nowLine()).toHaveTextContent(say(lang, '距下班 10分钟', '10 min to go'));
  });
});

/** The popup's timers are faked too, so a test moves the clock instead of waiting for it. */
function withTimers(now: string) {
  return {
    now,
    setup: () => {
      vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
      vi.setSystemTime(Date.parse(now));
    },
  };
}

/** Lets the snapshot and the strings arrive (promises only: no timer moves). */
async function settle() {
  for (let i = 0; i < 5; i++) await act(() => Promise.resolve());
}

describe('the button follows the same minute clock', () => {
  it('早退打卡 becomes 下班打卡 at the planned time, with the popup open', async () => {
    renderApp(fixtures.atWork, withTimers(clockAt('17:59', '30')));
    await settle();
    expect(screen.getByRole('button', { name: '早退打卡' })).toBeEnabled();
    act(() => vi.advanceTimersByTime(30_000));
    expect(screen.getByRole('button', { name: '下班打卡' })).toBeEnabled();
    expect(nowLine()).toHaveTextContent('可以下班了');
  });

  it('a button waiting for its window enables itself when the window opens', async () => {
    const today = fixtures.atWork.today;
    if (!today) throw new Error('fixture without a day');
    const windowed: Snapshot = {
      ...fixtures.atWork,
      today: {
        ...today,
        checkPoints: today.checkPoints.map((c) =>
          c.type === 'OffDuty' ? { ...c, window: { from: at('13:30'), to: at('23:59') } } : c,
        ),
      },
    };
    renderApp(windowed, withTimers(clockAt('13:29', '45')));
    await settle();
    expect(screen.getByRole('button', { name: '下班打卡' })).toBeDisabled();
    act(() => vi.advanceTimersByTime(15_000));
    expect(screen.getByRole('button', { name: '早退打卡' })).toBeEnabled();
    expect(vi.getTimerCount()).toBe(1);
  });
});

describe.each(LANGS)('Reminders on Today (%s)', (lang) => {
  it('says when the next reminder comes', async () => {
    renderApp(
      inLang({ ...fixtures.atWork, nextReminder: { at: at('18:10'), checkType: 'OffDuty' } }, lang),
      { now: clockAt('16:35') },
    );
    expect(
      await screen.findByText(say(lang, '18:10 提醒你打下班卡', 'Reminder at 18:10 to clock out')),
    ).toBeVisible();
  });

  it('before work: the clock-in reminder', async () => {
    renderApp(
      inLang(
        { ...fixtures.beforeWork, nextReminder: { at: at('08:55'), checkType: 'OnDuty' } },
        lang,
      ),
    );
    expect(
      await screen.findByText(say(lang, '08:55 提醒你打上班卡', 'Reminder at 08:55 to clock in')),
    ).toBeVisible();
  });

  it('the snoozed line goes once the punch is done', async () => {
    const snoozed = inLang(
      {
        ...fixtures.atWork,
        snoozedUntil: at('18:40'),
        nextReminder: { at: at('18:40'), checkType: 'OffDuty' },
      },
      lang,
    );
    const { mock, user } = renderApp(snoozed);
    const line = say(lang, '提醒已推迟到 18:40', 'Reminder snoozed until 18:40');
    expect(await screen.findByText(line)).toBeVisible();
    mock.reply('punch', ok(outcomes.punchedOffDuty));
    await user.click(screen.getByRole('button', { name: say(lang, '下班打卡', 'Clock out') }));
    // Main's snapshot after the punch: nothing left to remind about (main/engine/snapshot.ts).
    act(() =>
      mock.emit(
        'snapshot',
        inLang({ ...fixtures.allDone, snoozedUntil: null, nextReminder: null }, lang),
      ),
    );
    expect(mock.requests('punch')).toEqual([{ confirm: false }]);
    expect(screen.queryByText(line)).not.toBeInTheDocument();
  });

  it('"not today" from a showing reminder, then undone', async () => {
    const { mock, user } = renderApp(inLang(fixtures.reminder, lang));
    mock.reply(
      'notToday',
      ok(inLang({ ...fixtures.reminder, reminder: null, notToday: true }, lang)),
    );
    await user.click(
      await screen.findByRole('button', { name: say(lang, '今天不再提醒', 'Not today') }),
    );
    const undo = await screen.findByRole('button', { name: say(lang, '恢复提醒', 'Undo') });
    expect(screen.getByText(say(lang, '今天不再提醒', 'No more reminders today'))).toBeVisible();
    mock.reply(
      'notToday',
      ok(
        inLang(
          { ...fixtures.atWork, nextReminder: { at: at('18:40'), checkType: 'OffDuty' } },
          lang,
        ),
      ),
    );
    await user.click(undo);
    expect(mock.requests('notToday')).toEqual([{ on: true }, { on: false }]);
    expect(
      await screen.findByText(say(lang, '18:40 提醒你打下班卡', 'Reminder at 18:40 to clock out')),
    ).toBeVisible();
    expect(screen.queryByRole('button', { name: say(lang, '恢复提醒', 'Undo') })).toBeNull();
  });
});

describe.each(LANGS)('the footer speaks to employees (%s)', (lang) => {
  it('no call counts when nothing needs attention', async () => {
    renderApp(inLang(fixtures.beforeWork, lang));
    await screen.findByRole('button', { name: say(lang, '上班打卡', 'Clock in') });
    const footer = document.querySelector('footer') as HTMLElement;
    expect(footer).not.toHaveTextContent(/\d/);
  });

  it('the monthly calls used up: in plain words', async () => {
    renderApp(inLang(fixtures.budget, lang));
    const note = await screen.findByText(
      say(lang, '本月查询额度已用完，状态暂不刷新', 'Monthly lookups used up: no refresh'),
    );
    expect(note.closest('footer')).not.toHaveTextContent('120');
  });
});
