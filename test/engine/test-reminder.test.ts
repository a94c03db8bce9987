/**
 * Settings' "send a test reminder": the handler goes through the engine's 'reminder'
 * event to the notifier, wired as main/index.ts wires it, and answers with what the
 * system did with the notification.
 */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotificationConstructorOptions } from 'electron';
import { createHandlers, headlessPlatform } from '../../main/handlers';
import { createNotifier, type NotifierElectron } from '../../main/shell/notifier';
import { silentLogger } from '../../main/ports';
import { translate, type AnyMessageKey } from '../../shared/i18n';
import { createFakeElectron } from '../fakes/electron';
import { type Fixture, startFixture } from '../helpers/engine-fixture';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const zh = (key: string, vars?: Record<string, string | number>) =>
  translate('zh-CN', key as AnyMessageKey, vars);

/** The engine with a notifier listening, as the app has it. */
async function wired(electron: NotifierElectron, start = '2026-11-27 08:50:00') {
  fx = await startFixture({ start });
  const notifier = createNotifier({
    electron,
    platform: 'darwin',
    t: zh,
    logger: silentLogger,
    actions: { punch: () => undefined, snooze: () => undefined, openPopup: () => undefined },
  });
  fx.engine.on('reminder', (reminder) => notifier.remind(reminder));
  await fx.engine.open();
  return { handlers: createHandlers(fx.engine, headlessPlatform()), notifier };
}

/** A system that refuses every notification (Windows' 'failed', notifications off). */
class RefusingNotification extends EventEmitter {
  static readonly instances: RefusingNotification[] = [];
  constructor(readonly options: NotificationConstructorOptions) {
    super();
    RefusingNotification.instances.push(this);
  }
  static isSupported() {
    return true;
  }
  show() {
    this.emit('failed', {}, 'Notifications are turned off for this app');
  }
  close() {
    this.emit('close');
  }
}

describe('the test reminder', () => {
  it('shows a real notification with the next check point and a test body, and says it was shown', async () => {
    const electron = createFakeElectron({ platform: 'darwin' });
    const { handlers } = await wired(electron);
    const reply = await handlers.testReminder({});
    expect(reply).toEqual({ delivery: 'shown' });
    const shown = electron.Notification.instances.filter((n) => n.shown);
    expect(shown).toHaveLength(1);
    expect(shown[0]?.options).toEqual({
      title: '上班打卡 09:00',
      body: '这是一条测试提醒：到打卡时间时，Daka 会这样提醒你。',
    });
    // A test is not a reminder the popup shows, nor one the planner remembers.
    expect((await handlers.getSnapshot({})).reminder).toBeNull();
  });

  it('leaves a real reminder that is showing alone', async () => {
    const electron = createFakeElectron({ platform: 'darwin' });
    const { handlers, notifier } = await wired(electron);
    notifier.remind({
      kind: 'beforeOnDuty',
      checkType: 'OnDuty',
      planned: '2026-11-27T09:00:00+08:00',
      escalation: 0,
    });
    await handlers.testReminder({});
    const [real, test] = electron.Notification.instances;
    expect(test?.options.body).toMatch(/测试提醒/);
    expect(real?.closed).toBe(false);
  });

  it('says notifications are unsupported when the system has none, and shows nothing', async () => {
    const electron = createFakeElectron({ platform: 'linux' });
    electron.Notification.supported = false;
    const { handlers } = await wired(electron);
    await expect(handlers.testReminder({})).resolves.toEqual({ delivery: 'unsupported' });
    expect(electron.Notification.instances).toHaveLength(0);
  });

  it('says the system refused it', async () => {
    const { handlers } = await wired({ Notification: RefusingNotification });
    await expect(handlers.testReminder({})).resolves.toEqual({ delivery: 'failed' });
    expect(RefusingNotification.instances).toHaveLength(1);
  });

  it('is unsupported where nothing shows notifications (the CLI, the browser harness)', async () => {
    fx = await startFixture({ start: '2026-11-27 08:50:00' });
    const handlers = createHandlers(fx.engine, headlessPlatform());
    await expect(handlers.testReminder({})).resolves.toEqual({ delivery: 'unsupported' });
  });
});
