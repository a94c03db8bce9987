// @vitest-environment happy-dom
/**
 * Company server mode in the popup: step 1's choice, the server address, the
 * DingTalk sign-in through the server, the doctor's server checks, a punch
 * the server accepted but DingTalk has not confirmed, a session the server
 * ended, and the account in settings. Each new state in zh-CN and en.
 */
import '@testing-library/jest-dom/vitest';
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/contract';
import type { Identity } from '../../shared/model';
import {
  at,
  atWorkDay,
  done,
  fixtures,
  pending,
  reports,
  SERVER_URL,
  serverSnapshot,
  withUi,
  day,
} from './fixtures';
import { fail, ok, type Held } from './mock-bridge';
import { renderApp } from './render';

const h1 = (name: string) => screen.findByRole('heading', { level: 1, name });
const en = (s: Snapshot) => withUi(s, { language: 'en' });
const serverIdentity: Identity = { userId: 'u-0001', name: '王小明', via: 'server' };

function dropFile(file: File) {
  const event = new Event('drop', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'dataTransfer', { value: { types: ['Files'], files: [file] } });
  act(() => void window.dispatchEvent(event));
}

describe('onboarding: the first step is a choice', () => {
  it('offers the company server first (recommended), then direct with its warning, then demo', async () => {
    renderApp(fixtures.unconfigured);
    await h1('连接钉钉');
    const buttons = screen.getAllByRole('button').map((b) => b.textContent ?? '');
    const server = buttons.findIndex((b) => b.startsWith('公司服务器'));
    const direct = buttons.findIndex((b) => b.startsWith('直连钉钉'));
    const demo = buttons.indexOf('先试试演示模式');
    expect(server).toBeGreaterThanOrEqual(0);
    expect(server).toBeLessThan(direct);
    expect(direct).toBeLessThan(demo);
    expect(buttons[server]).toContain('推荐');
    expect(buttons[direct]).toContain('拿到密钥的人可以替任何人打卡');
    expect(buttons[direct]).toContain('只适合一个人使用或完全互信的团队');
    // No AppKey screen before the employee asks for the direct connection.
    expect(screen.queryByLabelText('AppKey')).not.toBeInTheDocument();
  });

  it('says the same in English', async () => {
    renderApp(en(fixtures.unconfigured));
    await h1('Connect to DingTalk');
    expect(screen.getByRole('button', { name: /^Company server\s*Recommended/ })).toBeEnabled();
    expect(screen.getByRole('button', { name: /^Direct/ })).toHaveTextContent(
      'whoever has it can punch for anyone. Only for one person or a fully trusted team.',
    );
    expect(screen.getByRole('button', { name: 'Try demo mode first' })).toBeEnabled();
  });

  it('direct: says plainly what holding the secret means, above the AppKey fields', async () => {
    const { user } = renderApp(fixtures.unconfigured);
    await user.click(await screen.findByRole('button', { name: /^直连钉钉/ }));
    const note = await screen.findByRole('note');
    expect(note).toHaveTextContent('拿到密钥的人可以替任何人打卡');
    expect(note).toHaveTextContent('多人使用请让 IT 部署 Daka 服务器');
    expect(screen.getByLabelText('AppKey')).toBeInTheDocument();
  });

  it('direct (en): the warning too', async () => {
    const { user } = renderApp(en(fixtures.unconfigured));
    await user.click(await screen.findByRole('button', { name: /^Direct/ }));
    await h1('Direct to DingTalk');
    expect(screen.getByRole('note')).toHaveTextContent(
      'Whoever has the secret can punch for anyone',
    );
  });

  it('goes back to the choice without deleting anything', async () => {
    const { mock, user } = renderApp(fixtures.unconfigured);
    await user.click(await screen.findByRole('button', { name: /^公司服务器/ }));
    await h1('公司服务器');
    await user.click(screen.getByRole('button', { name: '返回' }));
    await h1('连接钉钉');
    await user.click(screen.getByRole('button', { name: /^直连钉钉/ }));
    await user.click(screen.getByRole('button', { name: '返回' }));
    await h1('连接钉钉');
    expect(mock.calls.map((c) => c.channel)).toEqual(['getSnapshot']);
  });
});

describe('onboarding: the company server address', () => {
  async function openServer(snapshot: Snapshot = fixtures.unconfigured, name = /^公司服务器/) {
    const rendered = renderApp(snapshot);
    await rendered.user.click(await screen.findByRole('button', { name }));
    return rendered;
  }

  it('sets the typed address, then asks to sign in with DingTalk (no AppKey, no user id)', async () => {
    const { mock, user } = await openServer();
    mock.reply('setServer', ok(fixtures.serverNeedsSignIn));
    await user.type(screen.getByLabelText('服务器地址'), '  daka.example.com ');
    await user.click(screen.getByRole('button', { name: '继续' }));
    expect(mock.requests('setServer')).toEqual([{ url: 'daka.example.com' }]);
    expect(await h1('登录公司服务器')).toBeInTheDocument();
    expect(screen.getByText(SERVER_URL)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '用钉钉登录' })).toBeEnabled();
    for (const label of ['AppKey', 'AppSecret', '手机号', '钉钉用户 ID']) {
      expect(screen.queryByLabelText(label)).not.toBeInTheDocument();
    }
  });

  it.each([
    ['', '请填写这一项'],
    ['http://daka.example.com', '地址必须以 https:// 开头（只有本机 127.0.0.1 可以用 http://）'],
    ['https://it:pw@daka.example.com', '地址里不能包含用户名或密码'],
    ['https://daka.example.com/?x=1', '地址不能带 ? 或 # 及后面的部分'],
    ['https://exa mple.com', '这不是一个网址，例如 https://daka.example.com'],
  ])('explains under the field what is wrong with %j, without asking main', async (typed, why) => {
    const { mock, user } = await openServer();
    const field = screen.getByLabelText('服务器地址');
    if (typed) await user.type(field, typed);
    await user.click(screen.getByRole('button', { name: '继续' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(why);
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveAccessibleDescription(why);
    expect(mock.requests('setServer')).toEqual([]);
  });

  it('clears the explanation once the address is edited (it no longer describes what is typed)', async () => {
    const { user } = await openServer();
    const field = screen.getByLabelText('服务器地址');
    await user.type(field, 'http://daka.example.com');
    await user.click(screen.getByRole('button', { name: '继续' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('地址必须以 https:// 开头');
    await user.clear(field);
    await user.type(field, 'https://daka.example.com');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(field).not.toHaveAttribute('aria-invalid', 'true');
  });

  it('accepts plain http on this machine (a test server)', async () => {
    const { mock, user } = await openServer();
    await user.type(screen.getByLabelText('服务器地址'), 'http://127.0.0.1:8080');
    await user.click(screen.getByRole('button', { name: '继续' }));
    expect(mock.requests('setServer')).toEqual([{ url: 'http://127.0.0.1:8080' }]);
  });

  it('shows main’s refusal of the address under the field, translated (en)', async () => {
    const { mock, user } = await openServer(en(fixtures.unconfigured), /^Company server/);
    await h1('Company server');
    mock.reply('setServer', fail('invalidInput', { field: 'server' }));
    const field = screen.getByLabelText('Server address');
    await user.type(field, 'daka.example.com');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Daka cannot use this server address',
    );
    expect(field).toHaveAttribute('aria-invalid', 'true');
  });

  it('en: a plain-http address is explained in English', async () => {
    const { user } = await openServer(en(fixtures.unconfigured), /^Company server/);
    await user.type(screen.getByLabelText('Server address'), 'http://daka.example.com');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The address must start with https:// (http:// only for 127.0.0.1)',
    );
  });

  it('imports the file IT gave (version 2) and goes straight to the sign-in', async () => {
    const { mock, user } = await openServer();
    mock.reply('pickProvisioningFile', ok(fixtures.serverNeedsSignIn));
    await user.click(screen.getByRole('button', { name: '导入配置文件…' }));
    expect(await h1('登录公司服务器')).toBeInTheDocument();
    expect(mock.requests('setServer')).toEqual([]);
  });

  it('a server file dropped on the first screen goes straight to the sign-in too', async () => {
    const { mock } = renderApp(fixtures.unconfigured);
    await h1('连接钉钉');
    const text = JSON.stringify({ version: 2, server: SERVER_URL });
    mock.reply('importProvisioning', ok(fixtures.serverNeedsSignIn));
    dropFile(new File([text], 'daka.json', { type: 'application/json' }));
    expect(await h1('登录公司服务器')).toBeInTheDocument();
    expect(mock.requests('importProvisioning')).toEqual([{ text }]);
  });
});

describe('onboarding: sign in through the company server', () => {
  it('waits for the browser with a way to cancel, then checks the server', async () => {
    let login!: Held<'loginWithBrowser'>;
    const { mock, user } = renderApp(fixtures.serverNeedsSignIn, {
      setup: (m) => (login = m.hold('loginWithBrowser')),
    });
    mock.reply('runDoctor', ok(reports.server));
    await user.click(await screen.findByRole('button', { name: '用钉钉登录' }));
    await login.called;
    expect(screen.getByRole('status')).toHaveTextContent('请在浏览器中完成钉钉登录…');
    expect(screen.getByRole('button', { name: '取消' })).toBeEnabled();
    mock.current = fixtures.serverBeforeWork;
    await act(async () => login.release(ok({ identity: serverIdentity })));
    expect(await h1('检测连接')).toBeInTheDocument();
    expect(screen.getByText('检查公司服务器、你的登录，以及服务器上的钉钉连接。')).toBeVisible();
    expect(await screen.findByRole('list', { name: '服务器上的钉钉检查' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '完成' }));
    expect(await screen.findByRole('button', { name: '上班打卡' })).toBeEnabled();
  });

  it('cancels the wait and ignores the late answer (en)', async () => {
    let login!: Held<'loginWithBrowser'>;
    const { mock, user } = renderApp(en(fixtures.serverNeedsSignIn), {
      setup: (m) => (login = m.hold('loginWithBrowser')),
    });
    await h1('Sign in to the server');
    await user.click(screen.getByRole('button', { name: 'Sign in with DingTalk' }));
    await login.called;
    expect(screen.getByRole('status')).toHaveTextContent(
      'Finish signing in to DingTalk in your browser…',
    );
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(mock.requests('cancelLogin')).toHaveLength(1);
    await act(async () => login.release(fail('loginDenied')));
    expect(await screen.findByRole('button', { name: 'Sign in with DingTalk' })).toBeEnabled();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('explains a server that cannot be reached', async () => {
    const { mock, user } = renderApp(fixtures.serverNeedsSignIn);
    mock.reply('loginWithBrowser', fail('networkDown'));
    await user.click(await screen.findByRole('button', { name: '用钉钉登录' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('连不上钉钉');
  });

  it('changes the address without deleting anything, and can come back', async () => {
    const { mock, user } = renderApp(fixtures.serverNeedsSignIn);
    await user.click(await screen.findByRole('button', { name: '更改服务器地址' }));
    await h1('公司服务器');
    expect(screen.getByLabelText('服务器地址')).toHaveValue(SERVER_URL);
    await user.click(screen.getByRole('button', { name: '返回' }));
    await h1('登录公司服务器');
    await user.click(screen.getByRole('button', { name: '返回' }));
    const field = await screen.findByLabelText('服务器地址');
    await user.clear(field);
    await user.type(field, 'https://daka2.example.com');
    mock.reply(
      'setServer',
      ok({
        ...fixtures.serverNeedsSignIn,
        connection: {
          ...fixtures.serverNeedsSignIn.connection,
          server: 'https://daka2.example.com',
        },
      }),
    );
    await user.click(screen.getByRole('button', { name: '继续' }));
    await h1('登录公司服务器');
    expect(screen.getByText('https://daka2.example.com')).toBeInTheDocument();
    const channels = mock.calls.map((c) => c.channel);
    expect(channels).not.toContain('forgetCredentials');
    expect(channels).not.toContain('signOut');
  });
});

describe('doctor: company server checks', () => {
  it('shows the server’s version and the session, then the server’s own DingTalk checks', async () => {
    const { mock, user } = renderApp(fixtures.serverBeforeWork);
    mock.reply('runDoctor', ok(reports.serverProblems));
    await screen.findByRole('button', { name: '更多' });
    act(() => mock.emit('navigate', { view: 'doctor' }));
    expect(
      await screen.findByText(
        '检查公司服务器能否连上、版本是否匹配、你的登录，以及服务器自己的钉钉连接。',
      ),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '开始检测' }));
    const own = within(await screen.findByRole('list', { name: '诊断' })).getAllByRole('listitem');
    const [server, session] = own as HTMLElement[];
    expect(server).toHaveTextContent('公司服务器');
    expect(server).toHaveTextContent(SERVER_URL);
    expect(server).toHaveTextContent('版本1.0.0');
    expect(server).toHaveTextContent('接口版本1');
    expect(server).toHaveTextContent('模式正式');
    expect(session).toHaveTextContent('服务器登录');
    expect(session).toHaveTextContent('王小明');
    expect(session).toHaveTextContent('设备Daka · MacBook-Pro');
    const theirs = within(screen.getByRole('list', { name: '服务器上的钉钉检查' })).getAllByRole(
      'listitem',
    );
    expect(theirs).toHaveLength(3);
    const ip = theirs[1] as HTMLElement;
    expect(ip).toHaveTextContent('IP 白名单');
    expect(ip).toHaveTextContent('公司的 IP 白名单不包含出口 IP 198.51.100.20');
    // IT's to fix, not the employee's.
    expect(ip).toHaveTextContent('这是公司服务器上的设置，请把报告发给 IT');
    expect(theirs[2]).toHaveTextContent('这是公司服务器上的设置，请把报告发给 IT');
    expect(screen.getByText('2 个问题需要 IT 处理')).toBeInTheDocument();
    // The server makes and meters the DingTalk calls: no count of this computer's.
    expect(screen.getByText('09:02 检测')).toBeInTheDocument();
  });

  it('en: a server that cannot be reached', async () => {
    const { mock } = renderApp(en(fixtures.serverBeforeWork));
    mock.reply('runDoctor', ok(reports.serverDown));
    await screen.findByRole('button', { name: 'More' });
    act(() => mock.emit('navigate', { view: 'doctor' }));
    const run = await screen.findByRole('button', { name: 'Run checks' });
    await act(async () => run.click());
    const items = within(await screen.findByRole('list', { name: 'Doctor' })).getAllByRole(
      'listitem',
    );
    expect(items[0]).toHaveTextContent('Company server');
    expect(items[0]).toHaveTextContent('Fail');
    expect(items[0]).toHaveTextContent('Cannot reach DingTalk');
    expect(items[1]).toHaveTextContent('Server sign-in');
    expect(items[1]).toHaveTextContent('Skipped');
    expect(screen.queryByRole('list', { name: 'The server’s DingTalk checks' })).toBeNull();
  });

  it('direct mode warns that everyone with the file can punch for anyone (zh-CN and en)', async () => {
    for (const [snapshot, run, title, fix] of [
      [
        fixtures.beforeWork,
        '开始检测',
        '直连模式',
        '拿到这个配置文件的人都能替任何人打卡。多人使用请让管理员部署 Daka 服务器',
      ],
      [
        en(fixtures.beforeWork),
        'Run checks',
        'Direct mode',
        'everyone who has the file can punch for anyone. For a team, ask IT to run Daka Server',
      ],
    ] as const) {
      const rendered = renderApp(snapshot);
      rendered.mock.reply('runDoctor', ok(reports.direct));
      await screen.findByRole('button', {
        name: snapshot === fixtures.beforeWork ? '更多' : 'More',
      });
      act(() => rendered.mock.emit('navigate', { view: 'doctor' }));
      await rendered.user.click(await screen.findByRole('button', { name: run }));
      const items = await screen.findAllByRole('listitem');
      const trust = items.at(-1) as HTMLElement;
      expect(trust).toHaveTextContent(title);
      expect(trust).toHaveTextContent(fix);
      expect(trust).toHaveClass('check-warn');
      rendered.unmount();
    }
  });
});

describe('today: company server mode', () => {
  it('a punch the server accepted reads as waiting for DingTalk, never as done', async () => {
    renderApp(fixtures.serverAccepted);
    const status = await screen.findByText('公司服务器已收到，等待钉钉确认…');
    expect(status.closest('[role="status"]')).not.toBeNull();
    expect(screen.getByText('上班打卡 · 08:58')).toBeInTheDocument();
    expect(screen.queryByText('上班打卡成功')).not.toBeInTheDocument();
    // The server owns it now: nothing to send again or discard here.
    expect(screen.queryByRole('button', { name: '立即发送' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '丢弃' })).not.toBeInTheDocument();
  });

  it('en: waiting for DingTalk', async () => {
    renderApp(en(fixtures.serverAccepted));
    expect(
      await screen.findByText('The company server has it: waiting for DingTalk to confirm…'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Clocked in')).not.toBeInTheDocument();
  });

  it('the punch reply "accepted" waits, and turns done only when main’s day shows it settled', async () => {
    const { mock, user } = renderApp(fixtures.serverBeforeWork);
    mock.reply(
      'punch',
      ok({
        outcome: 'queued',
        type: 'OnDuty',
        at: at('08:58'),
        intentId: 'intent-0021',
        reason: { code: 'punchAccepted', message: 'accepted' },
      }),
    );
    await user.click(await screen.findByRole('button', { name: '上班打卡' }));
    expect(await screen.findByText('公司服务器已收到，等待钉钉确认…')).toBeInTheDocument();
    // The server's event: the entry left the outbox, but today's day does not show it yet.
    act(() => mock.emit('snapshot', fixtures.serverBeforeWork));
    expect(screen.getByText('公司服务器已收到，等待钉钉确认…')).toBeInTheDocument();
    expect(screen.queryByText('上班打卡成功')).not.toBeInTheDocument();
    // Someone else's idea of a nearby punch (a record 4 s away) is not this punch.
    const nearby = serverSnapshot({
      today: day({
        checkPoints: [
          { ...done('OnDuty', '09:00', '08:58'), punchedAt: '2026-11-27T08:58:04+08:00' },
          pending('OffDuty', '18:00'),
        ],
        next: 'OffDuty',
      }),
    });
    act(() => mock.emit('snapshot', nearby));
    expect(screen.getByText('公司服务器已收到，等待钉钉确认…')).toBeInTheDocument();
    // The server said punched: main's outbox settled it and its day shows our provisional punch.
    const punched = serverSnapshot({
      today: day({
        checkPoints: [
          {
            ...done('OnDuty', '09:00', '08:58', 'Normal', { id: 'local:intent-0021' }),
            provisional: true,
          },
          pending('OffDuty', '18:00'),
        ],
        next: 'OffDuty',
      }),
    });
    act(() => mock.emit('snapshot', punched));
    expect(await screen.findByText('上班打卡成功')).toBeInTheDocument();
  });

  it('a session the server ended asks to sign in again, in place, and signs in', async () => {
    let login!: Held<'loginWithBrowser'>;
    const { mock, user } = renderApp(fixtures.serverRevoked, {
      setup: (m) => (login = m.hold('loginWithBrowser')),
    });
    expect(await screen.findByText('需要重新登录')).toBeInTheDocument();
    expect(await screen.findByText('这台电脑的登录已失效')).toBeInTheDocument();
    // Not a new setup: no onboarding steps.
    expect(screen.queryByRole('list', { name: '设置步骤' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '用钉钉登录' }));
    await login.called;
    expect(screen.getByText('请在浏览器中完成钉钉登录…')).toBeInTheDocument();
    mock.current = fixtures.serverBeforeWork;
    await act(async () => login.release(ok({ identity: serverIdentity })));
    expect(await screen.findByRole('button', { name: '上班打卡' })).toBeEnabled();
  });

  it('en: sign in again; a cancelled wait ignores its late answer', async () => {
    let login!: Held<'loginWithBrowser'>;
    const { mock, user } = renderApp(en(fixtures.serverRevoked), {
      setup: (m) => (login = m.hold('loginWithBrowser')),
    });
    expect(await screen.findByText('Sign in again')).toBeInTheDocument();
    expect(await screen.findByText('This computer’s sign-in has ended')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Sign in with DingTalk' }));
    await login.called;
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(mock.requests('cancelLogin')).toHaveLength(1);
    await act(async () => login.release(fail('loginDenied')));
    expect(screen.getByRole('button', { name: 'Sign in with DingTalk' })).toBeEnabled();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('the footer shows no call meter (the server makes the calls) and a reconnecting stream', async () => {
    renderApp(fixtures.serverReconnecting);
    expect(await screen.findByText('重连服务器中')).toBeInTheDocument();
    expect(screen.queryByText(/^本月/)).not.toBeInTheDocument();
  });

  it('en: reconnecting', async () => {
    renderApp(en({ ...fixtures.serverReconnecting, today: atWorkDay() }));
    expect(await screen.findByText('Reconnecting to server')).toBeInTheDocument();
  });
});

describe('settings: the account in company server mode', () => {
  for (const [lang, snapshot, title, line, version, signOut, question] of [
    [
      'zh-CN',
      fixtures.serverBeforeWork,
      '设置',
      `公司服务器 ${SERVER_URL}`,
      '服务器版本 1.0.0',
      '退出登录',
      '退出后，这台电脑在公司服务器上的登录会结束，需要重新用钉钉登录才能打卡。',
    ],
    [
      'en',
      en(fixtures.serverBeforeWork),
      'Settings',
      `Company server ${SERVER_URL}`,
      'Server version 1.0.0',
      'Sign out',
      'This ends this computer’s session on the company server; you will sign in with DingTalk again before punching.',
    ],
  ] as const) {
    it(`${lang}: shows the server and who is signed in; signing out ends the device session`, async () => {
      const { mock, user } = renderApp(snapshot);
      await screen.findByRole('button', { name: lang === 'en' ? 'More' : '更多' });
      act(() => mock.emit('navigate', { view: 'settings' }));
      await h1(title);
      const account = screen.getByText(line, { exact: false });
      expect(account).toHaveTextContent(version);
      expect(screen.getByText(/王小明\s?[（(]u-0001[）)]/)).toBeInTheDocument();
      expect(screen.queryByText(/AppKey/)).not.toBeInTheDocument();
      mock.reply(
        'signOut',
        ok(withUi(fixtures.serverNeedsSignIn, { language: snapshot.settings.ui.language })),
      );
      await user.click(screen.getByRole('button', { name: signOut }));
      expect(screen.getByText(question)).toBeInTheDocument();
      const confirm = screen.getByText(question).closest<HTMLElement>('[role="group"]');
      if (!confirm) throw new Error('no confirmation');
      await user.click(within(confirm).getByRole('button', { name: signOut }));
      expect(mock.requests('signOut')).toHaveLength(1);
      expect(
        await h1(lang === 'en' ? 'Sign in to the server' : '登录公司服务器'),
      ).toBeInTheDocument();
    });
  }
});
