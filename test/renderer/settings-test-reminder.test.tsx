// @vitest-environment happy-dom
/** Settings → Reminders → "send a test reminder": the result only once main has answered. */
import '@testing-library/jest-dom/vitest';
import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fixtures, withUi } from './fixtures';
import { fail, ok } from './mock-bridge';
import { openSettings } from './settings-harness';

describe('settings: the test reminder', () => {
  it('says 已发送 only after main confirmed the system showed it', async () => {
    const { mock, user } = await openSettings(fixtures.beforeWork, 'reminders');
    const held = mock.hold('testReminder');
    await user.click(screen.getByRole('button', { name: '发送测试提醒' }));
    await held.called;
    expect(mock.requests('testReminder')).toEqual([{}]);
    expect(screen.getByRole('button', { name: '正在发送…' })).toBeDisabled();
    expect(screen.queryByText(/已发送/)).not.toBeInTheDocument();
    await act(async () => held.release(ok({ delivery: 'shown' })));
    expect(await screen.findByText('已发送，请看看系统通知。')).toHaveAttribute('role', 'status');
    expect(screen.getByRole('button', { name: '发送测试提醒' })).toBeEnabled();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says the system did not confirm it, without claiming it was shown', async () => {
    const { mock, user } = await openSettings(fixtures.beforeWork, 'reminders');
    mock.reply('testReminder', ok({ delivery: 'unconfirmed' }));
    await user.click(screen.getByRole('button', { name: '发送测试提醒' }));
    expect(await screen.findByText(/系统没有确认显示/)).toBeInTheDocument();
    expect(screen.queryByText(/已发送/)).not.toBeInTheDocument();
  });

  it('shows an error when notifications are unavailable here', async () => {
    const { mock, user } = await openSettings(fixtures.beforeWork, 'reminders');
    mock.reply('testReminder', ok({ delivery: 'unsupported' }));
    await user.click(screen.getByRole('button', { name: '发送测试提醒' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      '这里不能显示系统通知：提醒只会出现在 Daka 的窗口里。',
    );
    expect(screen.queryByText(/已发送/)).not.toBeInTheDocument();
  });

  it('shows an error when the system refused it (notifications denied)', async () => {
    const { mock, user } = await openSettings(fixtures.beforeWork, 'reminders');
    mock.reply('testReminder', ok({ delivery: 'failed' }));
    await user.click(screen.getByRole('button', { name: '发送测试提醒' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('请在系统设置里允许 Daka 发送通知');
  });

  it('shows a failed call as an error, translated', async () => {
    const { mock, user } = await openSettings(fixtures.beforeWork, 'reminders');
    mock.reply('testReminder', fail('internal'));
    await user.click(screen.getByRole('button', { name: '发送测试提醒' }));
    expect(await screen.findByRole('alert')).not.toBeEmptyDOMElement();
    expect(screen.queryByText(/已发送/)).not.toBeInTheDocument();
  });

  it('speaks English', async () => {
    const { mock, user } = await openSettings(
      withUi(fixtures.beforeWork, { language: 'en' }),
      'reminders',
    );
    mock.reply('testReminder', ok({ delivery: 'shown' }));
    await user.click(screen.getByRole('button', { name: 'Send a test reminder' }));
    expect(await screen.findByText('Sent: look for the notification.')).toBeInTheDocument();
    mock.reply('testReminder', ok({ delivery: 'failed' }));
    await user.click(screen.getByRole('button', { name: 'Send a test reminder' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Allow notifications for Daka in the system settings.',
    );
    expect(screen.queryByText('Sent: look for the notification.')).not.toBeInTheDocument();
  });
});
