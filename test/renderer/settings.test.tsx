// @vitest-environment happy-dom
import '@testing-library/jest-dom/vitest';
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/contract';
import { APP_KEY_MASKED, fixtures, settings } from './fixtures';
import { fail, ok } from './mock-bridge';
import { renderApp } from './render';

const GROUP = { general: '通用', reminders: '提醒', hours: '作息', advanced: '高级' } as const;

/** Settings open on a group (General, as it opens, unless told). */
async function openSettings(
  snapshot: Snapshot = fixtures.beforeWork,
  group: keyof typeof GROUP = 'general',
) {
  const rendered = renderApp(snapshot);
  await screen.findByRole('button', { name: '更多' });
  act(() => rendered.mock.emit('navigate', { view: 'settings' }));
  await screen.findByRole('heading', { level: 1, name: '设置' });
  if (group !== 'general')
    await rendered.user.click(screen.getByRole('tab', { name: GROUP[group] }));
  return rendered;
}

describe('settings: reminders', () => {
  it('saves a minute field when focus leaves it', async () => {
    const { mock, user } = await openSettings(fixtures.beforeWork, 'reminders');
    const field = screen.getByLabelText('上班前提醒（分钟）');
    expect(field).toHaveValue('5');
    await user.clear(field);
    await user.type(field, '15');
    await user.tab();
    expect(mock.requests('updateSettings')).toEqual([{ reminders: { beforeOnDutyMinutes: 15 } }]);
  });

  it('saves on Enter, and not again when nothing changed', async () => {
    const { mock, user } = await openSettings(fixtures.beforeWork, 'reminders');
    const field = screen.getByLabelText('稍后提醒间隔（分钟）');
    await user.clear(field);
    await user.type(field, '20{Enter}');
    expect(mock.requests('updateSettings')).toEqual([{ reminders: { snoozeMinutes: 20 } }]);
    mock.emit('snapshot', {
      ...fixtures.beforeWork,
      settings: settings({ ui: { language: 'zh-CN' }, reminders: { snoozeMinutes: 20 } }),
    });
    await user.click(field);
    await user.tab();
    expect(mock.requests('updateSettings')).toHaveLength(1);
  });

  it('checks the range in the form before asking main', async () => {
    const { mock, user } = await openSettings(fixtures.beforeWork, 'reminders');
    const field = screen.getByLabelText('下班后未打卡提醒（分钟）');
    await user.clear(field);
    await user.type(field, '999');
    await user.tab();
    expect(await screen.findByText('请输入 0 到 240 之间的整数')).toBeInTheDocument();
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(mock.requests('updateSettings')).toEqual([]);
  });

  it('shows main’s refusal under the field, translated', async () => {
    const { mock, user } = await openSettings(fixtures.beforeWork, 'reminders');
    mock.reply('updateSettings', fail('invalidInput', { field: 'reminders.snoozeMinutes' }));
    const field = screen.getByLabelText('稍后提醒间隔（分钟）');
    await user.clear(field);
    await user.type(field, '7');
    await user.tab();
    expect(await screen.findByRole('alert')).toHaveTextContent('输入的内容不正确');
  });

  it('toggles the login reminder', async () => {
    const { mock, user } = await openSettings(fixtures.beforeWork, 'reminders');
    const toggle = screen.getByRole('switch', { name: '登录电脑时提醒打卡' });
    expect(toggle).toBeChecked();
    await user.click(toggle);
    expect(mock.requests('updateSettings')).toEqual([{ reminders: { atLogin: false } }]);
  });
});

describe('settings: general', () => {
  it('reflects and changes start at login', async () => {
    const { mock, user } = await openSettings({ ...fixtures.beforeWork, startAtLogin: false });
    const toggle = screen.getByRole('switch', { name: '开机时启动 Daka' });
    expect(toggle).not.toBeChecked();
    await user.click(toggle);
    expect(mock.requests('setStartAtLogin')).toEqual([{ enabled: true }]);
  });

  it('changes language and theme', async () => {
    const { mock, user } = await openSettings();
    await user.selectOptions(screen.getByLabelText('语言'), 'English');
    await user.selectOptions(screen.getByLabelText('外观'), '深色');
    expect(mock.requests('updateSettings')).toEqual([
      { ui: { language: 'en' } },
      { ui: { theme: 'dark' } },
    ]);
    expect(
      within(screen.getByLabelText('语言'))
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['跟随系统', '简体中文', 'English']);
  });

  it('validates the organisation time zone, and empty falls back to the provisioned one', async () => {
    const { mock, user } = await openSettings(fixtures.beforeWork, 'advanced');
    const field = screen.getByLabelText('公司时区');
    expect(screen.getByText('留空则使用配置文件中的时区（Asia/Shanghai）')).toBeInTheDocument();
    await user.type(field, 'Mars/Base');
    await user.tab();
    expect(await screen.findByText('无法识别这个时区，例如 Asia/Shanghai')).toBeInTheDocument();
    await user.clear(field);
    await user.type(field, 'Asia/Hong_Kong');
    await user.tab();
    expect(mock.requests('updateSettings')).toEqual([{ timeZone: 'Asia/Hong_Kong' }]);
  });

  it('saves the monthly call cap', async () => {
    const { mock, user } = await openSettings(fixtures.beforeWork, 'advanced');
    const field = screen.getByLabelText('每月调用上限');
    await user.clear(field);
    await user.type(field, '300{Enter}');
    expect(mock.requests('updateSettings')).toEqual([{ quota: { monthlyCap: 300 } }]);
  });
});

describe('settings: receipts robot', () => {
  it('takes the token out of a pasted webhook URL and sends it to the vault, never to settings', async () => {
    const { mock, user } = await openSettings(fixtures.beforeWork, 'advanced');
    const field = screen.getByLabelText('机器人 access_token');
    expect(field).toHaveAttribute('type', 'password');
    await user.click(field);
    await user.paste('https://oapi.dingtalk.com/robot/send?access_token=abc123DEF456');
    await user.click(screen.getByRole('button', { name: '保存 access_token' }));
    expect(mock.requests('setRobotSecret')).toEqual([{ token: 'abc123DEF456' }]);
    expect(mock.requests('updateSettings')).toEqual([]);
    expect(await screen.findByText('access_token 已保存')).toBeInTheDocument();
    expect(field).toHaveValue('');
    await user.click(screen.getByRole('button', { name: '清除 access_token' }));
    expect(mock.requests('setRobotSecret')).toEqual([{ token: 'abc123DEF456' }, { token: null }]);
  });

  it('refuses a token with stray characters', async () => {
    const { mock, user } = await openSettings(fixtures.beforeWork, 'advanced');
    await user.type(screen.getByLabelText('机器人 access_token'), 'abc 123');
    await user.click(screen.getByRole('button', { name: '保存 access_token' }));
    expect(await screen.findByText('只能包含字母和数字')).toBeInTheDocument();
    expect(mock.requests('setRobotSecret')).toEqual([]);
  });

  it('says a token is set without ever showing it', async () => {
    await openSettings({ ...fixtures.beforeWork, robotTokenSet: true }, 'advanced');
    expect(screen.getByLabelText('机器人 access_token')).toHaveValue('');
    expect(screen.getByText(/已设置，不会再显示/)).toBeInTheDocument();
  });

  it('enables receipts', async () => {
    const { mock, user } = await openSettings(fixtures.beforeWork, 'advanced');
    await user.click(screen.getByRole('switch', { name: '打卡后发送回执到钉钉群' }));
    expect(mock.requests('updateSettings')).toEqual([{ receipts: { enabled: true } }]);
  });

  it('sends the signing secret to the vault and never shows it again', async () => {
    const { mock, user } = await openSettings(fixtures.beforeWork, 'advanced');
    const field = screen.getByLabelText('机器人加签密钥');
    expect(field).toHaveAttribute('type', 'password');
    await user.type(field, 'SECabcdef0123456789');
    await user.click(screen.getByRole('button', { name: '保存密钥' }));
    expect(mock.requests('setRobotSecret')).toEqual([{ secret: 'SECabcdef0123456789' }]);
    expect(await screen.findByText('密钥已保存')).toBeInTheDocument();
    expect(field).toHaveValue('');
    await user.click(screen.getByRole('button', { name: '清除密钥' }));
    expect(mock.requests('setRobotSecret')).toEqual([
      { secret: 'SECabcdef0123456789' },
      { secret: null },
    ]);
    expect(await screen.findByText('密钥已清除')).toBeInTheDocument();
  });
});

describe('settings: secret storage', () => {
  it('says plainly that secrets are kept by the system', async () => {
    await openSettings(fixtures.beforeWork, 'advanced');
    expect(
      screen.getByText('密钥由系统的安全存储加密保存（钥匙串、DPAPI 或密钥环）。'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '接受弱加密存储' })).not.toBeInTheDocument();
  });

  it('explains basic_text on Linux and lets the employee accept it', async () => {
    const { mock, user } = await openSettings(fixtures.weakStorage, 'advanced');
    expect(screen.getByText(/这台 Linux 没有可用的密钥环/)).toBeInTheDocument();
    expect(
      screen.getByText('目前密钥只保存在内存中，退出 Daka 后需要重新输入。'),
    ).toBeInTheDocument();
    mock.reply(
      'acceptWeakStorage',
      ok({
        ...fixtures.weakStorage,
        secretStorage: { kind: 'basicText', weakAccepted: true, memoryOnly: false },
      }),
    );
    await user.click(screen.getByRole('button', { name: '接受弱加密存储' }));
    expect(mock.requests('acceptWeakStorage')).toEqual([{ accept: true }]);
    expect(await screen.findByRole('button', { name: '不再使用弱加密存储' })).toBeInTheDocument();
    expect(screen.getByText(/你已同意以弱加密方式保存密钥。/)).toBeInTheDocument();
  });

  it('says secrets last until quit when they are memory-only', async () => {
    await openSettings(fixtures.memoryStorage, 'advanced');
    expect(
      screen.getByText('目前密钥只保存在内存中，退出 Daka 后需要重新输入。'),
    ).toBeInTheDocument();
  });
});

describe('settings: account and maintenance', () => {
  it('shows who is signed in and the masked AppKey only', async () => {
    await openSettings();
    expect(screen.getByText('王小明（u-0001）')).toBeInTheDocument();
    expect(screen.getByText(`AppKey ${APP_KEY_MASKED}`)).toBeInTheDocument();
  });

  it('signs out only after confirming', async () => {
    const { mock, user } = await openSettings();
    await user.click(screen.getByRole('button', { name: '退出登录' }));
    expect(screen.getByText('退出后需要重新确认身份才能打卡。')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '取消' }));
    expect(mock.requests('signOut')).toEqual([]);
    await user.click(screen.getByRole('button', { name: '退出登录' }));
    mock.reply('signOut', ok(fixtures.needsIdentity));
    const confirmSignOut = screen.getByRole('group', { name: '退出后需要重新确认身份才能打卡。' });
    await user.click(within(confirmSignOut).getByRole('button', { name: '退出登录' }));
    expect(mock.requests('signOut')).toHaveLength(1);
    expect(
      await screen.findByRole('heading', { level: 1, name: '确认你的身份' }),
    ).toBeInTheDocument();
  });

  it('forgets the credentials after confirming and returns to setup', async () => {
    const { mock, user } = await openSettings();
    await user.click(screen.getByRole('button', { name: '清除凭据' }));
    mock.reply('forgetCredentials', ok(fixtures.unconfigured));
    const confirmForget = screen.getByRole('group', { name: /这会删除本机保存的 AppKey/ });
    // It says what stays on this computer.
    expect(confirmForget).toHaveAccessibleName(/设置、待发送的打卡.*日志仍留在本机/);
    await user.click(within(confirmForget).getByRole('button', { name: '清除凭据' }));
    expect(mock.requests('forgetCredentials')).toHaveLength(1);
    expect(await screen.findByRole('heading', { level: 1, name: '连接钉钉' })).toBeInTheDocument();
  });

  it('opens the log folder and quits', async () => {
    const { mock, user } = await openSettings(fixtures.beforeWork, 'advanced');
    await user.click(screen.getByRole('button', { name: '打开日志文件夹' }));
    await user.click(screen.getByRole('button', { name: '退出 Daka' }));
    expect(mock.requests('openLogFolder')).toHaveLength(1);
    expect(mock.requests('quit')).toHaveLength(1);
    expect(screen.getByText('Daka 0.1.0')).toBeInTheDocument();
  });
});

describe('settings: default working hours', () => {
  it('saves the fallback schedule’s times and workdays', async () => {
    const { mock, user } = await openSettings(fixtures.beforeWork, 'hours');
    mock.reply('updateSettings', ok(fixtures.beforeWork));
    const start = await screen.findByLabelText('上班时间');
    await user.clear(start);
    await user.type(start, '8:30{Enter}');
    expect(mock.requests('updateSettings')).toContainEqual({
      fallbackSchedule: { onDuty: '08:30' },
    });
    await user.clear(start);
    await user.type(start, '25:00{Enter}');
    expect(await screen.findByText('请按 24 小时制输入时间，例如 09:00')).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: '周六' }));
    expect(mock.requests('updateSettings')).toContainEqual({
      fallbackSchedule: { workdays: [1, 2, 3, 4, 5, 6] },
    });
  });
});
