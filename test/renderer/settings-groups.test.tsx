// @vitest-environment happy-dom
/**
 * Settings in groups: the segmented control, every setting of shared/settings.ts
 * reachable, the saved tick, and form errors that follow a language switch.
 */
import '@testing-library/jest-dom/vitest';
import { act, screen, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/contract';
import { defaultSettings } from '../../shared/settings';
import { fixtures, withUi } from './fixtures';
import { fail, ok } from './mock-bridge';
import { GROUP, openSettings, type GroupName } from './settings-harness';

/** Every leaf of the settings schema as a path: "reminders.snoozeMinutes", "timeZone". */
function schemaPaths(): string[] {
  return Object.entries(defaultSettings()).flatMap(([section, value]) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.keys(value).map((field) => `${section}.${field}`)
      : [section],
  );
}

/** The settings each group's panel offers a control for, visiting every group like a user. */
async function reachable(user: UserEvent) {
  const found = new Map<string, GroupName>();
  for (const group of Object.keys(GROUP['zh-CN']) as GroupName[]) {
    await user.click(screen.getByRole('tab', { name: GROUP['zh-CN'][group] }));
    const panel = screen.getByRole('tabpanel');
    for (const el of panel.querySelectorAll<HTMLElement>('[data-setting]')) {
      // A control the employee can use, not just a label.
      const controls = [...el.querySelectorAll<HTMLElement>('input, select, button')].filter(
        (c) => !c.hasAttribute('disabled'),
      );
      if (controls.length > 0) found.set(el.dataset.setting ?? '', group);
    }
  }
  return found;
}

describe('settings groups', () => {
  it('offers four groups as tabs, General first, and shows one group at a time', async () => {
    const { user } = await openSettings();
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual(['通用', '提醒', '作息', '高级']);
    expect(screen.getByRole('tablist', { name: '设置分组' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: '通用' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tabpanel', { name: '通用' })).toBeVisible();
    expect(screen.queryByRole('switch', { name: '登录电脑时提醒打卡' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('tab', { name: '提醒' }));
    expect(screen.getByRole('tabpanel', { name: '提醒' })).toBeVisible();
    expect(screen.getByRole('switch', { name: '登录电脑时提醒打卡' })).toBeVisible();
    expect(screen.queryByRole('combobox', { name: '语言' })).not.toBeInTheDocument();
  });

  it('moves between groups with the arrow keys, Home and End, one tab stop', async () => {
    const { user } = await openSettings();
    const general = screen.getByRole('tab', { name: '通用' });
    expect(screen.getAllByRole('tab').filter((t) => t.tabIndex === 0)).toEqual([general]);
    act(() => general.focus());
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: '提醒' })).toHaveFocus();
    expect(screen.getByRole('tab', { name: '提醒' })).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{End}');
    expect(screen.getByRole('tab', { name: '高级' })).toHaveFocus();
    expect(screen.getByRole('button', { name: '打开日志文件夹' })).toBeVisible();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: '通用' })).toHaveFocus();
    await user.keyboard('{ArrowLeft}{Home}');
    expect(screen.getByRole('tab', { name: '通用' })).toHaveAttribute('aria-selected', 'true');
  });

  it('names the groups in English', async () => {
    await openSettings(withUi(fixtures.beforeWork, { language: 'en' }));
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual([
      'General',
      'Reminders',
      'Working hours',
      'Advanced',
    ]);
    expect(screen.getByRole('tablist', { name: 'Settings groups' })).toBeInTheDocument();
  });

  it('reaches every setting in shared/settings.ts on macOS', async () => {
    const { user } = await openSettings();
    const found = await reachable(user);
    const missing = schemaPaths().filter((path) => !found.has(path));
    expect(missing).toEqual([]);
    // And nothing that is not a setting claims to be one.
    expect([...found.keys()].filter((path) => !schemaPaths().includes(path))).toEqual([]);
  });

  it('reaches every setting on Linux too, except the macOS menu-bar title', async () => {
    const { user } = await openSettings({ ...fixtures.beforeWork, platform: 'linux' });
    const found = await reachable(user);
    expect(schemaPaths().filter((path) => !found.has(path))).toEqual(['ui.menuBarTitle']);
  });
});

describe('settings: the saved tick', () => {
  it('shows ✓ 已保存 beside the field only once main has saved it', async () => {
    const { mock, user } = await openSettings(fixtures.beforeWork, 'reminders');
    const row = screen.getByRole('switch', { name: '电脑唤醒后提醒打卡' }).closest('.toggle-row');
    const held = mock.hold('updateSettings');
    await user.click(screen.getByRole('switch', { name: '电脑唤醒后提醒打卡' }));
    await held.called;
    expect(within(row as HTMLElement).queryByText('已保存')).not.toBeInTheDocument();
    await act(async () => held.release(ok(fixtures.beforeWork)));
    const status = within(row as HTMLElement).getByRole('status');
    expect(status).toHaveTextContent('✓ 已保存');
    expect(mock.requests('updateSettings')).toEqual([{ reminders: { onResume: false } }]);
    // Only that field says so.
    expect(screen.getAllByText('已保存')).toHaveLength(1);
  });

  it('shows no tick when main refuses, and the refusal instead', async () => {
    const { mock, user } = await openSettings(fixtures.beforeWork, 'reminders');
    mock.reply('updateSettings', fail('invalidInput', { field: 'reminders.snoozeMinutes' }));
    const field = screen.getByLabelText('稍后提醒间隔（分钟）');
    await user.clear(field);
    await user.type(field, '7{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('输入的内容不正确');
    expect(screen.queryByText('已保存')).not.toBeInTheDocument();
  });

  it('ticks a text field after Enter and goes when the fade ends', async () => {
    const { user } = await openSettings(fixtures.beforeWork, 'reminders');
    const field = screen.getByLabelText('再次提醒的间隔（分钟）');
    await user.clear(field);
    await user.type(field, '45{Enter}');
    const tick = await screen.findByText('已保存');
    act(() => {
      tick.dispatchEvent(new Event('animationend', { bubbles: true }));
    });
    expect(screen.queryByText('已保存')).not.toBeInTheDocument();
  });

  it('says Saved in English', async () => {
    const { user } = await openSettings(
      withUi(fixtures.beforeWork, { language: 'en' }),
      'reminders',
    );
    await user.click(screen.getByRole('switch', { name: 'Remind me when I log in' }));
    expect(await screen.findByText('Saved')).toBeInTheDocument();
  });
});

describe('settings: checks that follow the language', () => {
  it('keeps a form error under its field and translates it when the language changes', async () => {
    const { user } = await openSettings(fixtures.beforeWork, 'hours');
    const start = screen.getByLabelText('上班时间');
    await user.clear(start);
    await user.type(start, '18:00{Enter}');
    expect(await screen.findByText('上班和下班时间不能相同')).toBeInTheDocument();
    expect(start).toHaveAttribute('aria-invalid', 'true');

    await user.click(screen.getByRole('tab', { name: '通用' }));
    await user.selectOptions(screen.getByLabelText('语言'), 'English');
    await user.click(await screen.findByRole('tab', { name: 'Working hours' }));
    expect(
      await screen.findByText('Start and end of work cannot be the same time'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Start of work')).toHaveValue('18:00');
  });

  it('translates a range error and main’s refusal after a switch to English', async () => {
    const { mock, user } = await openSettings(fixtures.beforeWork, 'reminders');
    const field = screen.getByLabelText('再次提醒的间隔（分钟）');
    await user.clear(field);
    await user.type(field, '3{Enter}');
    expect(await screen.findByText('请输入 5 到 240 之间的整数')).toBeInTheDocument();
    mock.reply('updateSettings', fail('invalidInput', { field: 'reminders.snoozeMinutes' }));
    const snooze = screen.getByLabelText('稍后提醒间隔（分钟）');
    await user.clear(snooze);
    await user.type(snooze, '9{Enter}');
    expect(await screen.findByText('输入的内容不正确')).toBeInTheDocument();

    // The language changes elsewhere (the other window, the CLI): main pushes a snapshot.
    act(() => mock.emit('snapshot', withUi(fixtures.beforeWork, { language: 'en' })));
    expect(await screen.findByText('Enter a whole number from 5 to 240')).toBeInTheDocument();
    expect(screen.queryByText('输入的内容不正确')).not.toBeInTheDocument();
    expect(screen.queryByText('请输入 5 到 240 之间的整数')).not.toBeInTheDocument();
  });

  it('says that an end before the start is a night shift ending the next day', async () => {
    const night: Snapshot = {
      ...fixtures.beforeWork,
      settings: {
        ...fixtures.beforeWork.settings,
        fallbackSchedule: {
          ...fixtures.beforeWork.settings.fallbackSchedule,
          onDuty: '22:00',
          offDuty: '06:00',
        },
      },
    };
    await openSettings(night, 'hours');
    expect(screen.getByText('早于上班时间：按夜班计算，次日 06:00 下班')).toBeInTheDocument();
    expect(screen.getByLabelText('下班时间')).toHaveAccessibleDescription(
      '早于上班时间：按夜班计算，次日 06:00 下班',
    );
  });

  it('keeps at least one workday', async () => {
    const oneDay: Snapshot = {
      ...fixtures.beforeWork,
      settings: {
        ...fixtures.beforeWork.settings,
        fallbackSchedule: { ...fixtures.beforeWork.settings.fallbackSchedule, workdays: [1] },
      },
    };
    const { mock, user } = await openSettings(oneDay, 'hours');
    const monday = screen.getByRole('checkbox', { name: '周一' });
    await user.click(monday);
    expect(await screen.findByText('至少要选一个工作日')).toBeInTheDocument();
    expect(monday).toBeChecked();
    expect(mock.requests('updateSettings')).toEqual([]);
    await user.click(screen.getByRole('checkbox', { name: '周二' }));
    expect(mock.requests('updateSettings')).toEqual([{ fallbackSchedule: { workdays: [1, 2] } }]);
    expect(screen.queryByText('至少要选一个工作日')).not.toBeInTheDocument();
  });
});
