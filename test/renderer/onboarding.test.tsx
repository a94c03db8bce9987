// @vitest-environment happy-dom
import '@testing-library/jest-dom/vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Identity } from '../../shared/model';
import { fixtures, reports } from './fixtures';
import { fail, ok, type Held } from './mock-bridge';
import { renderApp } from './render';

const h1 = (name: string) => screen.findByRole('heading', { level: 1, name });
const identity: Identity = { userId: 'u-0001', name: '王小明', via: 'browser' };

/** A drag event on the window the way Chromium reports a file dragged from the desktop. */
function dragEvent(type: string, files: File[] = []): Event {
  const event = new Event(type, { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'dataTransfer', { value: { types: ['Files'], files } });
  act(() => void window.dispatchEvent(event));
  return event;
}

/**
 * Drags files over the window until the setup step shows it is listening
 * (its window listeners attach in an effect, after the heading is on screen),
 * then drops them.
 */
async function dropFiles(files: File[]) {
  await waitFor(() => {
    dragEvent('dragover', files);
    expect(screen.getByText('松开以导入配置文件')).toBeInTheDocument();
  });
  dragEvent('drop', files);
}

/** Step 1 starts with a choice; the AppKey screens are behind "直连钉钉". */
async function chooseDirect(user: ReturnType<typeof renderApp>['user']) {
  await user.click(await screen.findByRole('button', { name: /^直连钉钉/ }));
  await h1('直连钉钉');
}

describe('onboarding: connect', () => {
  it('imports the provisioning file picked in main’s dialog', async () => {
    const { mock, user } = renderApp(fixtures.unconfigured);
    mock.reply('pickProvisioningFile', ok(fixtures.needsIdentity));
    await chooseDirect(user);
    await user.click(await screen.findByRole('button', { name: '选择配置文件…' }));
    expect(mock.requests('pickProvisioningFile')).toHaveLength(1);
    expect(await h1('确认你的身份')).toBeInTheDocument();
  });

  it('stays put when the dialog is cancelled', async () => {
    const { mock, user } = renderApp(fixtures.unconfigured);
    await chooseDirect(user);
    await user.click(await screen.findByRole('button', { name: '选择配置文件…' }));
    expect(mock.requests('pickProvisioningFile')).toHaveLength(1);
    expect(await h1('直连钉钉')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('reads a dropped .json file and sends its text to main', async () => {
    const { mock } = renderApp(fixtures.unconfigured);
    await h1('连接钉钉');
    const text = '{"appKey":"dingq7xk2p9v4m3t8w1z","appSecret":"s3cr3t"}';
    const imported = new Promise<void>((resolve) =>
      mock.reply('importProvisioning', () => {
        resolve();
        return ok(fixtures.needsIdentity);
      }),
    );
    await dropFiles([new File([text], 'daka-provisioning.json', { type: 'application/json' })]);
    await imported;
    expect(mock.requests('importProvisioning')).toEqual([{ text }]);
    expect(await h1('确认你的身份')).toBeInTheDocument();
  });

  it('refuses a dropped file that is not JSON without calling main', async () => {
    const { mock } = renderApp(fixtures.unconfigured);
    await h1('连接钉钉');
    await dropFiles([new File(['hello'], 'notes.txt', { type: 'text/plain' })]);
    expect(await screen.findByRole('alert')).toHaveTextContent('请拖入 .json 配置文件');
    expect(mock.requests('importProvisioning')).toEqual([]);
  });

  it('shows main’s verdict on a bad provisioning file', async () => {
    const { mock } = renderApp(fixtures.unconfigured);
    await h1('连接钉钉');
    mock.reply('importProvisioning', fail('provisioningInvalid'));
    await dropFiles([new File(['{}'], 'p.json', { type: 'application/json' })]);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('配置文件无效');
    expect(alert).toHaveTextContent('请向管理员要一份新的配置文件（.json）');
  });

  it('highlights the drop zone while a file is dragged over the window, until it leaves', async () => {
    renderApp(fixtures.unconfigured);
    expect(await screen.findByText('也可以把 .json 配置文件拖到这里')).toBeInTheDocument();
    await waitFor(() => {
      expect(dragEvent('dragover').defaultPrevented).toBe(true);
      expect(screen.getByText('松开以导入配置文件')).toBeInTheDocument();
    });
    dragEvent('dragleave');
    expect(screen.getByText('也可以把 .json 配置文件拖到这里')).toBeInTheDocument();
  });

  it('takes typed credentials, with a masked secret that is cleared once saved', async () => {
    const { mock, user } = renderApp(fixtures.unconfigured);
    await chooseDirect(user);
    const key = await screen.findByLabelText('AppKey');
    const secret = screen.getByLabelText('AppSecret');
    expect(secret).toHaveAttribute('type', 'password');
    await user.type(key, ' dingq7xk2p9v4m3t8w1z ');
    await user.type(secret, 'a-very-secret-value');
    await user.click(screen.getByRole('button', { name: '保存并继续' }));
    expect(mock.requests('setCredentials')).toEqual([
      { appKey: 'dingq7xk2p9v4m3t8w1z', appSecret: 'a-very-secret-value' },
    ]);
  });

  it('asks for both credentials before calling main', async () => {
    const { mock, user } = renderApp(fixtures.unconfigured);
    await chooseDirect(user);
    await user.click(await screen.findByRole('button', { name: '保存并继续' }));
    expect(screen.getAllByText('请填写这一项')).toHaveLength(2);
    expect(screen.getByLabelText('AppKey')).toHaveAttribute('aria-invalid', 'true');
    expect(mock.requests('setCredentials')).toEqual([]);
  });

  it('explains wrong credentials and keeps the secret out of sight', async () => {
    const { mock, user } = renderApp(fixtures.unconfigured);
    mock.reply('setCredentials', fail('wrongCredentials'));
    await chooseDirect(user);
    await user.type(await screen.findByLabelText('AppKey'), 'dingkey');
    await user.type(screen.getByLabelText('AppSecret'), 'wrong-secret');
    await user.click(screen.getByRole('button', { name: '保存并继续' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('AppKey 或 AppSecret 不正确');
    expect(document.body.textContent).not.toContain('wrong-secret');
  });

  it('starts demo mode and lands on Today', async () => {
    const { mock, user } = renderApp(fixtures.unconfigured);
    mock.reply('startDemo', ok(fixtures.demo));
    await user.click(await screen.findByRole('button', { name: '先试试演示模式' }));
    expect(mock.requests('startDemo')).toHaveLength(1);
    expect(await screen.findByRole('button', { name: '上班打卡' })).toBeInTheDocument();
    expect(screen.getByText('演示')).toBeInTheDocument();
  });
});

describe('onboarding: identity', () => {
  it('offers only the browser sign-in unless the administrator allows more', async () => {
    renderApp(fixtures.needsIdentityBrowserOnly);
    expect(await screen.findByRole('button', { name: '用钉钉登录' })).toBeInTheDocument();
    expect(screen.queryByLabelText('手机号')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('钉钉用户 ID')).not.toBeInTheDocument();
  });

  it('waits for the browser sign-in, then fetches the snapshot that carries the identity', async () => {
    let login!: Held<'loginWithBrowser'>;
    const { mock, user } = renderApp(fixtures.needsIdentityBrowserOnly, {
      setup: (m) => (login = m.hold('loginWithBrowser')),
    });
    await user.click(await screen.findByRole('button', { name: '用钉钉登录' }));
    await login.called;
    expect(screen.getByRole('status')).toHaveTextContent('请在浏览器中完成钉钉登录…');
    mock.current = fixtures.beforeWork;
    await act(async () => login.release(ok({ identity })));
    expect(await h1('检测连接')).toBeInTheDocument();
    expect(mock.requests('getSnapshot')).toHaveLength(2);
  });

  it('cancels a waiting sign-in and ignores its late answer', async () => {
    let login!: Held<'loginWithBrowser'>;
    const { mock, user } = renderApp(fixtures.needsIdentityBrowserOnly, {
      setup: (m) => (login = m.hold('loginWithBrowser')),
    });
    await user.click(await screen.findByRole('button', { name: '用钉钉登录' }));
    await login.called;
    await user.click(screen.getByRole('button', { name: '取消' }));
    expect(mock.requests('cancelLogin')).toHaveLength(1);
    await act(async () => login.release(fail('loginDenied')));
    expect(await screen.findByRole('button', { name: '用钉钉登录' })).toBeEnabled();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('explains a failed sign-in', async () => {
    const { mock, user } = renderApp(fixtures.needsIdentityBrowserOnly);
    mock.reply('loginWithBrowser', fail('userOutOfRange'));
    await user.click(await screen.findByRole('button', { name: '用钉钉登录' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('你不在应用的可见范围内');
  });

  it('looks the employee up by mobile where allowed, checking the number first', async () => {
    const { mock, user } = renderApp(fixtures.needsIdentity);
    mock.reply('lookupByMobile', ok({ identity }));
    const mobile = await screen.findByLabelText('手机号');
    await user.type(mobile, '12ab');
    await user.click(screen.getByRole('button', { name: '查找' }));
    expect(await screen.findByText('请输入正确的手机号')).toBeInTheDocument();
    expect(mock.requests('lookupByMobile')).toEqual([]);
    await user.clear(mobile);
    await user.type(mobile, '+86 138 0013 8000');
    await user.click(screen.getByRole('button', { name: '查找' }));
    expect(mock.requests('lookupByMobile')).toEqual([{ mobile: '+86 138 0013 8000' }]);
  });

  it('goes back to step 1 when the app itself was wrong (wrong secret shows up at login)', async () => {
    const { mock, user } = renderApp(fixtures.needsIdentityBrowserOnly);
    mock.reply('loginWithBrowser', fail('wrongCredentials'));
    mock.reply('forgetCredentials', ok(fixtures.unconfigured));
    await user.click(await screen.findByRole('button', { name: '用钉钉登录' }));
    await screen.findByRole('alert');
    await user.click(screen.getByRole('button', { name: /换一个应用/ }));
    expect(mock.requests('forgetCredentials')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: '清除凭据' }));
    expect(mock.requests('forgetCredentials')).toHaveLength(1);
    expect(await h1('连接钉钉')).toBeInTheDocument();
  });

  it('takes a typed user id where allowed', async () => {
    const { mock, user } = renderApp(fixtures.needsIdentity);
    mock.reply('setUserId', ok({ identity: { ...identity, via: 'manual' } }));
    await user.type(await screen.findByLabelText('钉钉用户 ID'), ' u-0001 ');
    await user.click(screen.getByRole('button', { name: '使用' }));
    expect(mock.requests('setUserId')).toEqual([{ userId: 'u-0001' }]);
  });
});

describe('onboarding: connection check', () => {
  it('runs the doctor once on arrival and finishes on Today when all is well', async () => {
    const { mock, user } = renderApp(fixtures.needsIdentity);
    mock.reply('setUserId', ok({ identity }));
    await user.type(await screen.findByLabelText('钉钉用户 ID'), 'u-0001');
    mock.current = fixtures.beforeWork;
    await user.click(screen.getByRole('button', { name: '使用' }));
    expect(await h1('检测连接')).toBeInTheDocument();
    expect(await screen.findByText('你好，王小明')).toBeInTheDocument();
    const list = await screen.findByRole('list', { name: '检测连接' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(reports.allPass.checks.length);
    expect(mock.requests('runDoctor')).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: '完成' }));
    expect(await screen.findByRole('button', { name: '上班打卡' })).toBeInTheDocument();
  });

  it('offers to re-run or finish anyway when a check fails', async () => {
    const { mock, user } = renderApp(fixtures.beforeWork);
    mock.reply('runDoctor', ok(reports.problems));
    await screen.findByRole('button', { name: '上班打卡' });
    act(() => mock.emit('navigate', { view: 'onboarding' }));
    expect(
      await screen.findByText('公司的 IP 白名单不包含出口 IP 203.0.113.7'),
    ).toBeInTheDocument();
    mock.reply('runDoctor', ok(reports.allPass));
    await user.click(screen.getByRole('button', { name: '重新检测' }));
    expect(mock.requests('runDoctor')).toHaveLength(2);
    await user.click(await screen.findByRole('button', { name: '完成' }));
    expect(await screen.findByRole('button', { name: '上班打卡' })).toBeInTheDocument();
  });

  it('shows why the check could not run', async () => {
    const { mock } = renderApp(fixtures.beforeWork);
    mock.reply('runDoctor', fail('networkDown'));
    await screen.findByRole('button', { name: '上班打卡' });
    act(() => mock.emit('navigate', { view: 'onboarding' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('连不上钉钉');
    expect(screen.getByRole('button', { name: '仍然完成' })).toBeEnabled();
  });

  it('marks the current step for assistive tech', async () => {
    renderApp(fixtures.needsIdentity);
    await h1('确认你的身份');
    const steps = screen.getByRole('list', { name: '设置步骤' });
    const current = within(steps)
      .getAllByRole('listitem')
      .find((li) => li.getAttribute('aria-current') === 'step');
    expect(current).toHaveTextContent('身份');
  });
});
