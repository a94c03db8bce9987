// @vitest-environment happy-dom
import '@testing-library/jest-dom/vitest';
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/contract';
import { APP_KEY, APP_KEY_MASKED, fixtures, reports, settings } from './fixtures';
import { fail, ok } from './mock-bridge';
import { renderApp } from './render';

const ROBOT_TOKEN = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9';

async function openDoctor(snapshot: Snapshot = fixtures.beforeWork) {
  const rendered = renderApp(snapshot);
  await screen.findByRole('button', { name: '更多' });
  act(() => rendered.mock.emit('navigate', { view: 'doctor' }));
  await screen.findByRole('heading', { level: 1, name: '诊断' });
  return rendered;
}

describe('doctor', () => {
  it('runs only when asked (each run spends DingTalk calls)', async () => {
    const { mock, user } = await openDoctor();
    expect(mock.requests('runDoctor')).toEqual([]);
    await user.click(screen.getByRole('button', { name: '开始检测' }));
    expect(mock.requests('runDoctor')).toHaveLength(1);
    expect(await screen.findByText('一切正常')).toBeInTheDocument();
    expect(screen.getByText('08:45 检测，用掉 3 次调用')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '重新检测' })).toBeInTheDocument();
  });

  it('lists each check by name, with its status, a sentence and the translated fix', async () => {
    const { mock, user } = await openDoctor();
    mock.reply('runDoctor', ok(reports.problems));
    await user.click(screen.getByRole('button', { name: '开始检测' }));
    expect(await screen.findByText('1 个问题需要你处理，2 个需要 IT 处理')).toBeInTheDocument();
    const items = within(screen.getByRole('list', { name: '诊断' })).getAllByRole('listitem');
    expect(items).toHaveLength(reports.problems.checks.length);
    const [credentials, permission, ip, , schedule, clock] = items as HTMLElement[];
    expect(credentials).toHaveTextContent('应用凭据');
    expect(credentials).toHaveTextContent('通过');
    // A permission by its name; the scope's code is secondary.
    expect(permission).toHaveTextContent('上传打卡记录');
    expect(
      within(permission as HTMLElement).getByText('Pro.AttendanceRecord.Write'),
    ).toBeInTheDocument();
    expect(permission).toHaveTextContent('应用没有这项权限');
    expect(permission).toHaveTextContent('请管理员在钉钉开发者后台为应用开通这项权限');
    expect(ip).toHaveTextContent('失败');
    expect(ip).toHaveTextContent('公司的 IP 白名单不包含出口 IP 203.0.113.7');
    expect(schedule).toHaveTextContent('跳过');
    expect(clock).toHaveTextContent('注意');
    expect(clock).toHaveTextContent('你的电脑时间比钉钉慢约 94 秒');
    expect(clock).toHaveTextContent('本机时间和钉钉相差较大，请打开系统的自动对时');
  });

  it('keeps the last report when leaving and coming back', async () => {
    const { mock, user } = await openDoctor();
    await user.click(screen.getByRole('button', { name: '开始检测' }));
    await screen.findByText('一切正常');
    await user.click(screen.getByRole('button', { name: '返回' }));
    act(() => mock.emit('navigate', { view: 'doctor' }));
    expect(await screen.findByText('一切正常')).toBeInTheDocument();
  });

  it('explains why the doctor could not run', async () => {
    const { mock, user } = await openDoctor();
    mock.reply('runDoctor', fail('ipBanned'));
    await user.click(screen.getByRole('button', { name: '开始检测' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      '本机所在网络请求过多，被钉钉暂时封禁',
    );
  });

  it('opens the user guide in the popup, not a web page', async () => {
    const { user } = await openDoctor();
    await user.click(screen.getByRole('button', { name: '帮助文档' }));
    expect(await screen.findByRole('heading', { name: '使用帮助' })).toHaveFocus();
    expect(await screen.findByRole('heading', { name: 'Daka 用户指南', level: 2 })).toBeVisible();
  });
});

describe('the report for IT', () => {
  const withSecretsNearby: Snapshot = {
    ...fixtures.backgroundError,
    settings: settings({
      ui: { language: 'zh-CN' },
      receipts: { enabled: true },
    }),
  };

  async function copiedReport(snapshot: Snapshot) {
    const { mock, user } = await openDoctor(snapshot);
    mock.reply('runDoctor', ok(reports.problems));
    await user.click(screen.getByRole('button', { name: '开始检测' }));
    await screen.findByText('1 个问题需要你处理，2 个需要 IT 处理');
    await user.click(screen.getByRole('button', { name: '复制报告给 IT' }));
    await screen.findByText('报告已复制');
    return navigator.clipboard.readText();
  }

  it('holds version, platform, mode, the masked AppKey, each check and its facts', async () => {
    const text = await copiedReport(withSecretsNearby);
    expect(text).toContain('Daka 诊断报告');
    expect(text).toContain('版本: 0.1.0');
    expect(text).toContain('系统: darwin');
    expect(text).toContain('模式: 已配置 (configured)');
    expect(text).toContain(`AppKey: ${APP_KEY_MASKED}`);
    expect(text).toContain('[失败] ipWhitelist · IP 白名单');
    expect(text).toContain('ipNotWhitelisted · 钉钉错误码 60020');
    expect(text).toContain('    出口 IP: 203.0.113.7');
    expect(text).toContain('[失败] permission Pro.AttendanceRecord.Write · 上传打卡记录');
    expect(text).toContain('[注意] clockSkew · 时钟');
    expect(text).toContain('    你的电脑时间比钉钉慢约 94 秒');
    expect(text).toContain('    时差（毫秒）: 94000');
    expect(text).toContain('1 个问题需要你处理，2 个需要 IT 处理');
    expect(text).toContain('最近的错误: ipNotWhitelisted');
  });

  it('never carries a secret: not the full AppKey, not the robot token', async () => {
    const text = await copiedReport(withSecretsNearby);
    expect(text).not.toContain(APP_KEY);
    expect(text).not.toContain(ROBOT_TOKEN);
    expect(text).not.toContain(ROBOT_TOKEN.slice(0, 12));
  });

  it('says when no check has run yet', async () => {
    const { user } = await openDoctor();
    await user.click(screen.getByRole('button', { name: '复制报告给 IT' }));
    await screen.findByText('报告已复制');
    expect(await navigator.clipboard.readText()).toContain('检测项: 尚未检测');
  });

  it('says so when the clipboard refuses', async () => {
    const { user } = await openDoctor();
    const original = navigator.clipboard.writeText.bind(navigator.clipboard);
    navigator.clipboard.writeText = () => Promise.reject(new Error('denied'));
    try {
      await user.click(screen.getByRole('button', { name: '复制报告给 IT' }));
      expect(await screen.findByText('无法写入剪贴板')).toBeInTheDocument();
    } finally {
      navigator.clipboard.writeText = original;
    }
  });
});
